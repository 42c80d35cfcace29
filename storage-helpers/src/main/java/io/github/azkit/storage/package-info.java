/**
 * Storage helpers for the Azure SDK for Java: counting storage transactions (the unit Azure bills), ETag
 * optimistic concurrency, transient-fault retry, collection serializers, cached blobs, block ids and SAS links.
 */
@NullMarked
package io.github.azkit.storage;

import org.jspecify.annotations.NullMarked;
