/**
 * azkit ShedLock: a ShedLock lock provider on Azure Blob Storage, one small blob per lock, taken and released with
 * conditional writes.
 */
@SuppressWarnings("requires-transitive-automatic") // shedlock-core 6 ships an Automatic-Module-Name, no module-info
module io.github.azkit.shedlock {
    requires transitive io.github.azkit.storage;
    requires transitive net.javacrumbs.shedlock.core;
    requires static org.jspecify;
    requires org.slf4j;

    exports io.github.azkit.shedlock;
}
