/**
 * A ShedLock {@link net.javacrumbs.shedlock.core.LockProvider} on Azure Blob Storage:
 * {@link io.github.azkit.shedlock.AzureBlobLockProvider}.
 */
@NullMarked
package io.github.azkit.shedlock;

import org.jspecify.annotations.NullMarked;
