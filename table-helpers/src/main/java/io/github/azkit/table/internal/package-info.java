/**
 * Internals shared by the table helpers: argument checks, daemon threads, the executor of an operation (its own
 * threads unless the caller gave one), deadlines and JSON. Not exported by {@code module-info.java}: nothing here
 * is API, and it may change in any release.
 */
@NullMarked
package io.github.azkit.table.internal;

import org.jspecify.annotations.NullMarked;
