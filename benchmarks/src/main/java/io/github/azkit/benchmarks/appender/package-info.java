/**
 * The Logback appender benchmark: azkit-logback's appender against one Append Block per event.
 */
package io.github.azkit.benchmarks.appender;
