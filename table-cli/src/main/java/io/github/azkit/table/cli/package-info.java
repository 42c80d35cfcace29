/**
 * The {@code azkit-tables} command line: {@link io.github.azkit.table.cli.AzkitTables}.
 */
@NullMarked
package io.github.azkit.table.cli;

import org.jspecify.annotations.NullMarked;
