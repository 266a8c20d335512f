package dev.codemode.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditSinkFanOutTest {

    private static final AuditRecord RECORD = new ExecutionRecord(Instant.now(), "e1", null, null, "1", "ok", null,
            Duration.ZERO, 0, BigDecimal.ZERO, null);

    /** A sink that records what reaches it and fails every call when told to. */
    private static final class Probe implements AuditSink {
        final List<String> calls = new ArrayList<>();
        final boolean fails;

        Probe(boolean fails) {
            this.fails = fails;
        }

        @Override
        public void write(AuditRecord record) throws Exception {
            calls.add("write");
            if (fails) {
                throw new Exception("write failed");
            }
        }

        @Override
        public void flush() {
            calls.add("flush");
        }

        @Override
        public void close() {
            calls.add("close");
            if (fails) {
                throw new IllegalStateException("close failed");
            }
        }
    }

    @Test
    void should_give_every_sink_the_record_and_throw_the_first_failure_when_one_fails() {
        Probe failingFirst = new Probe(true);
        Probe failingSecond = new Probe(true);
        InMemoryAuditSink memory = AuditSink.inMemory();
        AuditSink sink = AuditSink.fanOut(List.of(failingFirst, memory, failingSecond));

        assertThatThrownBy(() -> sink.write(RECORD)).hasMessage("write failed")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(memory.records()).containsExactly(RECORD);
        assertThat(failingSecond.calls).containsExactly("write");

        sink.flush();
        assertThatThrownBy(sink::close).hasMessage("close failed");
        assertThat(failingFirst.calls).containsExactly("write", "flush", "close");
        assertThat(failingSecond.calls).containsExactly("write", "flush", "close");
    }

    @Test
    void should_return_a_single_sink_as_it_is() {
        InMemoryAuditSink memory = AuditSink.inMemory();

        assertThat(AuditSink.fanOut(List.of(memory))).isSameAs(memory);
    }
}
