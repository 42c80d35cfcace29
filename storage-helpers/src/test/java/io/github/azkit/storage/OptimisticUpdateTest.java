package io.github.azkit.storage;

import static io.github.azkit.storage.RetryPolicyTest.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The retry loop on an in-memory store whose writes can be made to lose races. */
class OptimisticUpdateTest {

    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RetryPolicy policy = RetryPolicy.builder().maxAttempts(4).initialDelay(Duration.ofMillis(10))
            .maxDelay(Duration.ofSeconds(1)).deadline(Duration.ofMinutes(1)).ticker(clock).sleeper(clock.sleeper())
            .jitter(0).build();

    /** An in-memory ETag store; before each write, {@code interfere} may change the value behind our back. */
    static final class MemoryStore implements ETagStore<Integer> {
        @Nullable Integer value;
        @Nullable String record;
        int version;
        int reads;
        int writes;
        Runnable interfere = () -> { };
        /** Runs after a write is applied, in place of returning its response: a lost response. */
        Runnable afterApplied = () -> { };
        List<@Nullable String> ifMatches = new ArrayList<>();

        @Override
        public synchronized @Nullable Versioned<Integer> read() {
            reads++;
            return value == null ? null : Versioned.of(value, "v" + version, record);
        }

        @Override
        public synchronized String write(Integer newValue, @Nullable String ifMatch, String recentWrites) {
            interfere.run();
            writes++;
            ifMatches.add(ifMatch);
            if (ifMatch == null && value != null) {
                throw http(409);
            }
            if (ifMatch != null && (value == null || !ifMatch.equals("v" + version))) {
                throw http(412);
            }
            value = newValue;
            record = recentWrites;
            version++;
            afterApplied.run();
            return "v" + version;
        }

        /** Another writer that keeps the record, as OptimisticUpdate does. */
        synchronized void otherWriter(int newValue) {
            value = newValue;
            record = RecentWrites.next(record, RecentWrites.newId());
            version++;
        }
    }

    /** The failure the SDK reports for a write whose response was lost and whose retry then found its own ETag. */
    private static Runnable lose(AtomicInteger times, RuntimeException failure) {
        return () -> {
            if (times.getAndDecrement() > 0) {
                throw failure;
            }
        };
    }

    @Test
    void createsWhenAbsentWithIfNoneMatch() {
        MemoryStore store = new MemoryStore();
        UpdateResult<Integer> r = OptimisticUpdate.update(store, c -> Optional.of(c == null ? 1 : c + 1), policy);
        assertThat(r).isEqualTo(new UpdateResult<>(1, "v1", 1, true));
        assertThat(store.ifMatches).containsExactly((String) null);
        assertThat(store.reads).isEqualTo(1);
    }

    @Test
    void noChangeMakesNoWrite() {
        MemoryStore store = new MemoryStore();
        store.value = 7;
        UpdateResult<Integer> r = OptimisticUpdate.update(store, c -> Optional.empty(), policy);
        assertThat(r).isEqualTo(new UpdateResult<>(7, "v0", 1, false));
        assertThat(store.writes).isZero();
        UpdateResult<Integer> absent = OptimisticUpdate.update(new MemoryStore(), c -> Optional.empty(), policy);
        assertThat(absent).isEqualTo(new UpdateResult<>(null, null, 1, false));
    }

    @Test
    void reReadsAndReappliesAfter412() {
        MemoryStore store = new MemoryStore();
        store.value = 10;
        AtomicInteger interferences = new AtomicInteger(2);
        store.interfere = () -> {
            if (interferences.getAndDecrement() > 0) {
                store.otherWriter(store.value + 100); // another writer wins
            }
        };
        UpdateResult<Integer> r = OptimisticUpdate.update(store, c -> Optional.of(c + 1), policy);
        assertThat(r.value()).isEqualTo(211);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.isWritten()).isTrue();
        // With no AttemptTracker to say the 412s were answered at once, each conflict costs one more read: the one
        // that looks for our own write before the backoff, then a fresh one after it.
        assertThat(store.reads).isEqualTo(5);
        assertThat(clock.sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void createRaceLosingWith409ReadsTheWinnerAndUpdatesIt() {
        MemoryStore store = new MemoryStore();
        AtomicInteger once = new AtomicInteger(1);
        store.interfere = () -> {
            if (once.getAndDecrement() > 0) {
                store.otherWriter(5);
            }
        };
        UpdateResult<Integer> r = OptimisticUpdate.update(store, c -> Optional.of(c == null ? 1 : c + 1), policy);
        assertThat(r.value()).isEqualTo(6);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(store.ifMatches).containsExactly(null, "v1");
    }

    @Test
    void a409OnAnUpdateIsNotAConflictAndPropagates() {
        ETagStore<Integer> store = ETagStore.of(() -> Versioned.of(1, "e"), (v, m, w) -> {
            throw http(409);
        });
        assertThatThrownBy(() -> OptimisticUpdate.update(store, c -> Optional.of(2), policy))
                .isInstanceOf(HttpResponseException.class).hasMessage("status 409");
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void whenAttemptsRunOutThrowsTheLastConflictWithEarlierSuppressed() {
        AtomicInteger writes = new AtomicInteger();
        ETagStore<Integer> store = ETagStore.of(() -> Versioned.of(1, "e"), (v, m, w) -> {
            throw new HttpResponseException("conflict " + writes.incrementAndGet(), http(412).getResponse());
        });
        assertThatThrownBy(() -> OptimisticUpdate.update(store, c -> Optional.of(2), policy))
                .isInstanceOf(HttpResponseException.class).hasMessage("conflict 4")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("conflict 1", "conflict 2", "conflict 3"));
        assertThat(writes).hasValue(4);
    }

    @Test
    void stopsAtTheDeadline() {
        RetryPolicy shortDeadline = policy.toBuilder().maxAttempts(100).deadline(Duration.ofMillis(35)).build();
        AtomicInteger writes = new AtomicInteger();
        ETagStore<Integer> store = ETagStore.of(() -> Versioned.of(1, "e"), (v, m, w) -> {
            writes.incrementAndGet();
            throw http(412);
        });
        assertThatThrownBy(() -> OptimisticUpdate.update(store, c -> Optional.of(2), shortDeadline))
                .isInstanceOf(HttpResponseException.class);
        assertThat(writes).hasValue(3); // waits 10 + 20 = 30 ms fit in 35 ms; the next 40 ms wait would not
    }

    @Test
    void theTimeoutBoundsTheRetriesAndEachCallGetsTheTimeLeftAndTheContext() {
        RetryPolicy patient = policy.toBuilder().maxAttempts(100).deadline(Duration.ofMinutes(1)).build();
        List<String> calls = new ArrayList<>();
        ETagStore<Integer> store = new ETagStore<>() {
            @Override
            public Versioned<Integer> read() {
                throw new AssertionError("the overload with timeout and context must be called");
            }

            @Override
            public String write(Integer value, @Nullable String ifMatch, String recentWrites) {
                throw new AssertionError("the overload with timeout and context must be called");
            }

            @Override
            public Versioned<Integer> read(@Nullable Duration timeout, Context context) {
                calls.add("read " + timeout + " " + context.getData("trace").orElse(null));
                return Versioned.of(1, "e");
            }

            @Override
            public String write(Integer value, @Nullable String ifMatch, String recentWrites,
                    @Nullable Duration timeout, Context context) {
                calls.add("write " + timeout + " " + context.getData("trace").orElse(null));
                throw http(412);
            }
        };
        assertThatThrownBy(() -> OptimisticUpdate.update(store, c -> Optional.of(2), patient, Duration.ofMillis(35),
                new Context("trace", "t1"))).isInstanceOf(HttpResponseException.class);
        // waits of 10 and 20 ms fit in the 35 ms timeout, the next 40 ms wait would not (the deadline is a minute)
        assertThat(clock.sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
        assertThat(calls).containsExactly(
                "read PT0.035S t1", "write PT0.035S t1", "read PT0.035S t1",
                "read PT0.025S t1", "write PT0.025S t1", "read PT0.025S t1",
                "read PT0.005S t1", "write PT0.005S t1", "read PT0.005S t1");
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThatThrownBy(() -> OptimisticUpdate.update(new MemoryStore(), c -> Optional.of(1), policy,
                Duration.ZERO, Context.NONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'timeout' must be positive, was PT0S");
    }

    @Test
    void otherFailuresPropagateAtOnceWithEarlierConflictsSuppressed() {
        AtomicInteger writes = new AtomicInteger();
        ETagStore<Integer> store = ETagStore.of(() -> Versioned.of(1, "e"), (v, m, w) -> {
            if (writes.incrementAndGet() == 1) {
                throw http(412);
            }
            throw http(403);
        });
        assertThatThrownBy(() -> OptimisticUpdate.update(store, c -> Optional.of(2), policy))
                .isInstanceOf(HttpResponseException.class).hasMessage("status 403")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }

    @Test
    void nullFromTheChangeFunctionIsAClearError() {
        MemoryStore store = new MemoryStore();
        assertThatThrownBy(() -> OptimisticUpdate.update(store, c -> null, policy))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("return Optional.empty()");
        assertThatThrownBy(() -> OptimisticUpdate.update(null, c -> Optional.empty(), policy))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("'store'");
    }

    @Test
    void aLostResponseFollowedBy412IsRecognisedAsOurOwnWriteAndNotAppliedTwice() {
        MemoryStore store = new MemoryStore();
        store.value = 10;
        store.afterApplied = lose(new AtomicInteger(1), http(412)); // the SDK's retry found the ETag changed
        UpdateResult<Integer> r = OptimisticUpdate.update(store, c -> Optional.of(c + 1), policy);
        assertThat(store.value).isEqualTo(11);
        assertThat(r).isEqualTo(new UpdateResult<>(11, "v1", 1, true));
        assertThat(store.writes).isEqualTo(1);
        assertThat(store.reads).isEqualTo(2); // the read a conflict costs anyway
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void aLostCreateResponseFollowedBy409IsRecognised() {
        MemoryStore store = new MemoryStore();
        store.afterApplied = lose(new AtomicInteger(1), http(409));
        UpdateResult<Integer> r = OptimisticUpdate.update(store, c -> Optional.of(c == null ? 1 : c + 1), policy);
        assertThat(store.value).isEqualTo(1);
        assertThat(r.isWritten()).isTrue();
        assertThat(store.writes).isEqualTo(1);
    }

    @Test
    void aTimeoutAfterTheWriteWasAppliedCostsOneReadAndNoSecondWrite() {
        MemoryStore store = new MemoryStore();
        store.value = 10;
        store.afterApplied = lose(new AtomicInteger(1), new UncheckedIOException(new IOException("reset")));
        UpdateResult<Integer> r = OptimisticUpdate.update(store, c -> Optional.of(c + 1), policy);
        assertThat(store.value).isEqualTo(11);
        assertThat(r.isWritten()).isTrue();
        assertThat(store.writes).isEqualTo(1);
        assertThat(store.reads).isEqualTo(2);
    }

    @Test
    void aFailureBeforeTheWriteReachedTheServiceWritesAgainWithTheSameIfMatch() {
        MemoryStore store = new MemoryStore();
        store.value = 10;
        store.interfere = lose(new AtomicInteger(1), http(503));
        UpdateResult<Integer> r = OptimisticUpdate.update(store, c -> Optional.of(c + 1), policy);
        assertThat(store.value).isEqualTo(11);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(store.ifMatches).containsExactly("v0"); // the first request never reached the store
        assertThat(store.reads).isEqualTo(3); // the first, the look for our write, the fresh one after the backoff
    }

    @Test
    void aLostResponseAfterOtherWritersOutranTheRecordIsOutcomeUnknown() {
        MemoryStore store = new MemoryStore();
        store.value = 10;
        AtomicInteger once = new AtomicInteger(1);
        store.afterApplied = () -> {
            if (once.getAndDecrement() > 0) {
                for (int i = 0; i < RecentWrites.CAPACITY; i++) {
                    store.otherWriter(store.value + 100);
                }
                throw http(412);
            }
        };
        assertThatThrownBy(() -> OptimisticUpdate.update(store, c -> Optional.of(c + 1), policy))
                .isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("Do not simply call again")
                .hasCauseInstanceOf(HttpResponseException.class)
                .satisfies(e -> assertThat(((OutcomeUnknownException) e).writeId()).hasSize(RecentWrites.ID_LENGTH));
        assertThat(store.value).isEqualTo(11 + 100 * RecentWrites.CAPACITY); // applied once, never twice
    }

    @Test
    void aLostResponseWithFewerOtherWritesThanTheRecordHoldsIsStillKnown() {
        MemoryStore store = new MemoryStore();
        store.value = 10;
        AtomicInteger once = new AtomicInteger(1);
        store.afterApplied = () -> {
            if (once.getAndDecrement() > 0) {
                for (int i = 0; i < RecentWrites.CAPACITY - 1; i++) {
                    store.otherWriter(store.value + 100);
                }
                throw http(412);
            }
        };
        UpdateResult<Integer> r = OptimisticUpdate.update(store, c -> Optional.of(c + 1), policy);
        assertThat(store.value).isEqualTo(11 + 100 * (RecentWrites.CAPACITY - 1));
        assertThat(r.value()).isEqualTo(store.value); // what is stored now, our change included
        assertThat(r.isWritten()).isTrue();
    }

    @Test
    void whenAttemptsRunOutWhileAFailedRequestCouldStillLandTheOutcomeIsUnknown() {
        MemoryStore store = new MemoryStore();
        store.value = 10;
        store.interfere = () -> {
            throw new UncheckedIOException(new IOException("connection reset"));
        };
        assertThatThrownBy(() -> OptimisticUpdate.update(store, c -> Optional.of(c + 1), policy))
                .isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("may still be applied");
        assertThat(store.writes).isZero();
    }

    @Test
    void aConflictWithAWriterThatKeepsNoRecordCannotBeToldFromALostResponse() {
        MemoryStore store = new MemoryStore();
        store.value = 10;
        AtomicInteger once = new AtomicInteger(1);
        store.interfere = () -> {
            if (once.getAndDecrement() > 0) {
                store.value = 99; // a plain write by other code: the record is gone
                store.record = null;
                store.version++;
            }
        };
        assertThatThrownBy(() -> OptimisticUpdate.update(store, c -> Optional.of(c + 1), policy))
                .isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("keeps no record");
        assertThat(store.value).isEqualTo(99);
    }

    @Test
    void theRecordKeepsTheNewestIdsAndIgnoresForeignValues() {
        String record = null;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2 * RecentWrites.CAPACITY; i++) {
            String id = RecentWrites.newId();
            ids.add(0, id);
            record = RecentWrites.next(record, id);
            assertThat(record.length()).isLessThanOrEqualTo(RecentWrites.MAX_LENGTH);
        }
        assertThat(RecentWrites.parse(record)).isEqualTo(ids.subList(0, RecentWrites.CAPACITY));
        assertThat(RecentWrites.parse("not a record")).isEmpty();
        assertThat(RecentWrites.parse("")).isEmpty();
        assertThat(RecentWrites.next("garbage!", "AAAAAAAA")).isEqualTo("AAAAAAAA");
    }
}
