/**
 * The optional Jackson add-on: {@link io.github.azkit.table.jackson.JacksonJsonCodec} stores record components
 * that have no EDM type as JSON through Jackson 2. Needs {@code jackson-databind} on the application's class path;
 * nothing else in azkit does.
 */
@NullMarked
package io.github.azkit.table.jackson;

import org.jspecify.annotations.NullMarked;
