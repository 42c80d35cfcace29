/**
 * Benchmarks of azkit against Azurite and naive baselines. Each benchmark class documents the command that runs it.
 */
package io.github.azkit.benchmarks;
