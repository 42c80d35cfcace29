package io.github.azkit.storage;

import static io.github.azkit.storage.RetryPolicyTest.http;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
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
            .maxDelay(Duration.ofSeconds(1)).deadline(Duration.ofMinutes(1)).clock(clock).sleeper(clock.sleeper())
            .jitter(() -> 1.0).build();

    /** An in-memory ETag store; before each write, {@code interfere} may change the value behind our back. */
    static final class MemoryStore implements ETagStore<Integer> {
        @Nullable Integer value;
        int version;
        int reads;
        int writes;
        Runnable interfere = () -> { };
        List<@Nullable String> ifMatches = new ArrayList<>();

        @Override
        public synchronized @Nullable Versioned<Integer> read() {
            reads++;
            return value == null ? null : new Versioned<>(value, "v" + version);
        }

        @Override
        public synchronized String write(Integer newValue, @Nullable String ifMatch) {
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
            version++;
            return "v" + version;
        }
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
                store.value = store.value + 100; // another writer wins
                store.version++;
            }
        };
        UpdateResult<Integer> r = OptimisticUpdate.update(store, c -> Optional.of(c + 1), policy);
        assertThat(r.value()).isEqualTo(211);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.wrote()).isTrue();
        assertThat(store.reads).isEqualTo(3);
        assertThat(clock.sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void createRaceLosingWith409ReadsTheWinnerAndUpdatesIt() {
        MemoryStore store = new MemoryStore();
        AtomicInteger once = new AtomicInteger(1);
        store.interfere = () -> {
            if (once.getAndDecrement() > 0) {
                store.value = 5;
                store.version = 1;
            }
        };
        UpdateResult<Integer> r = OptimisticUpdate.update(store, c -> Optional.of(c == null ? 1 : c + 1), policy);
        assertThat(r.value()).isEqualTo(6);
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(store.ifMatches).containsExactly(null, "v1");
    }

    @Test
    void a409OnAnUpdateIsNotAConflictAndPropagates() {
        ETagStore<Integer> store = ETagStore.of(() -> new Versioned<>(1, "e"), (v, m) -> {
            throw http(409);
        });
        assertThatThrownBy(() -> OptimisticUpdate.update(store, c -> Optional.of(2), policy))
                .isInstanceOf(HttpResponseException.class).hasMessage("status 409");
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void whenAttemptsRunOutThrowsTheLastConflictWithEarlierSuppressed() {
        AtomicInteger writes = new AtomicInteger();
        ETagStore<Integer> store = ETagStore.of(() -> new Versioned<>(1, "e"), (v, m) -> {
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
        ETagStore<Integer> store = ETagStore.of(() -> new Versioned<>(1, "e"), (v, m) -> {
            writes.incrementAndGet();
            throw http(412);
        });
        assertThatThrownBy(() -> OptimisticUpdate.update(store, c -> Optional.of(2), shortDeadline))
                .isInstanceOf(HttpResponseException.class);
        assertThat(writes).hasValue(3); // waits 10 + 20 = 30 ms fit in 35 ms; the next 40 ms wait would not
    }

    @Test
    void otherFailuresPropagateAtOnceWithEarlierConflictsSuppressed() {
        AtomicInteger writes = new AtomicInteger();
        ETagStore<Integer> store = ETagStore.of(() -> new Versioned<>(1, "e"), (v, m) -> {
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
}
