/**
 * JMH benchmark of the collection serializer against Jackson JSON.
 */
package io.github.azkit.benchmarks.serializer;
