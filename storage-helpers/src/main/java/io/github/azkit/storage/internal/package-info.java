/**
 * Implementation helpers shared by the classes of {@code io.github.azkit.storage}: argument checks and daemon thread
 * factories. Not exported by the module and not part of the API: it may change in any release.
 */
@NullMarked
package io.github.azkit.storage.internal;

import org.jspecify.annotations.NullMarked;
