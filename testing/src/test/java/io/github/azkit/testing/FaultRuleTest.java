package io.github.azkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultRuleTest {

    @Test
    void statusAcceptsOnlyTheStatusesAzureRetries() {
        assertThat(FaultRule.status(503).fault()).isEqualTo(Fault.STATUS);
        assertThat(FaultRule.status(500).statusCode()).isEqualTo(500);
        assertThat(FaultRule.status(429).statusCode()).isEqualTo(429);
        assertThatThrownBy(() -> FaultRule.status(404)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 404");
    }

    @Test
    void settersValidateAndNameTheValue() {
        FaultRule rule = FaultRule.loseResponse();
        assertThatThrownBy(() -> rule.everyNth(0)).hasMessage("'n' must be at least 1, was 0");
        assertThatThrownBy(() -> rule.withProbability(1.5)).hasMessage("'p' must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> rule.withProbability(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rule.limit(0)).hasMessage("'max' must be at least 1, was 0");
        assertThatThrownBy(() -> rule.named("")).hasMessage("'name' must not be empty");
        assertThatThrownBy(() -> FaultRule.latency(Duration.ofMillis(-1)))
                .hasMessage("'delay' must not be negative, was PT-0.001S");
    }

    @Test
    void withersReturnNewRulesAndLeaveTheOriginalAlone() {
        FaultRule base = FaultRule.status(503);
        FaultRule narrowed = base.on(Operation.BATCH).named("mytable").limit(3);
        assertThat(base.operation()).isNull();
        assertThat(base.name()).isNull();
        assertThat(narrowed.operation()).isEqualTo(Operation.BATCH);
        assertThat(narrowed).hasToString("status(503).on(BATCH).named(\"mytable\").limit(3)");
    }

    @Test
    void theLastScheduleWins() {
        FaultRule rule = FaultRule.timeout().everyNth(5).withProbability(0.25);
        assertThat(rule.everyNthValue()).isEqualTo(1);
        assertThat(rule.probability()).isEqualTo(0.25);
        assertThat(rule.everyNth(3).probability()).isEqualTo(1.0);
    }
}
