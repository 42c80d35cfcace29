package io.github.azkit.shedlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The lock blob's content: a round trip, and refusal of anything else. */
class LockRecordTest {

    @Property
    void aRecordReadsBackAsWritten(@ForAll @LongRange(min = 0, max = 253_402_300_799L) long untilSeconds,
            @ForAll @LongRange(min = 0, max = 999_999_999) long nanos, @ForAll String lockedBy) {
        Instant until = Instant.ofEpochSecond(untilSeconds, nanos);
        LockRecord record = new LockRecord(until, until.minusSeconds(300), lockedBy);

        LockRecord read = LockRecord.parse(record.toBytes(), "blob");

        assertThat(read.lockUntil()).isEqualTo(until);
        assertThat(read.lockedAt()).isEqualTo(until.minusSeconds(300));
        assertThat(read.lockedBy()).isEqualTo(record.lockedBy()).doesNotContain("\n", "\r");
    }

    @Test
    void theContentIsTextAPersonCanRead() {
        LockRecord record = new LockRecord(Instant.parse("2026-12-02T12:05:00Z"), Instant.parse("2026-12-02T12:00:00Z"),
                "host-1");
        assertThat(new String(record.toBytes(), StandardCharsets.UTF_8)).isEqualTo("azkit-shedlock 1\n"
                + "lockUntil=2026-12-02T12:05:00Z\nlockedAt=2026-12-02T12:00:00Z\nlockedBy=host-1\n");
    }

    @Test
    void heldMeansLockUntilIsAfterNow() {
        Instant until = Instant.parse("2026-12-02T12:05:00Z");
        LockRecord record = new LockRecord(until, until.minusSeconds(60), "h");
        assertThat(record.isHeldAt(until.minusNanos(1))).isTrue();
        assertThat(record.isHeldAt(until)).isFalse();
    }

    @Test
    void otherContentIsRefusedNamingTheBlob() {
        for (String content : new String[] {"", "hello", "azkit-shedlock 1\nlockUntil=x\nlockedAt=y\nlockedBy=z\n",
                "azkit-shedlock 2\nlockUntil=2026-12-02T12:05:00Z\nlockedAt=2026-12-02T12:00:00Z\nlockedBy=h\n"}) {
            assertThatThrownBy(() -> LockRecord.parse(content.getBytes(StandardCharsets.UTF_8), "Blob 'job'"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Blob 'job' does not hold an azkit ShedLock record");
        }
    }
}
