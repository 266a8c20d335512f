package dev.codemode.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The asynchronous writer: bounded waits, counted drops and failures, flush and close. */
class AuditWriterTest {

    static AuditRecord record(int i) {
        return new ExecutionRecord(Instant.EPOCH, "e" + i, null, null, "", ExecutionRecord.OK, null, null, 0, null,
                null);
    }

    @Test
    void should_never_block_longer_than_the_offer_timeout_and_count_what_overflows() throws Exception {
        // given: a sink that takes 50 ms per record and a buffer of 2
        InMemoryAuditSink memory = AuditSink.inMemory();
        AuditLog log = AuditLog.builder()
                .sink(r -> {
                    Thread.sleep(50);
                    memory.write(r);
                })
                .bufferSize(2)
                .offerTimeout(Duration.ofMillis(10))
                .build();
        int recorded = 40;

        // when
        long slowest = 0;
        for (int i = 0; i < recorded; i++) {
            long t0 = System.nanoTime();
            log.record(record(i));
            slowest = Math.max(slowest, System.nanoTime() - t0);
        }
        long droppedBeforeClose = log.stats().dropped();
        log.close();

        // then
        assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(10 + 200));
        assertThat(droppedBeforeClose).isPositive();
        AuditStats after = log.stats();
        assertThat(after.written() + after.dropped()).isEqualTo(recorded);
        assertThat(after.written()).isEqualTo(memory.size());
        assertThat(after.failed()).isZero();
        assertThat(after.pending()).isZero();
    }

    @Test
    void should_count_failures_and_keep_writing_after_them() throws Exception {
        // given: every third write fails
        InMemoryAuditSink memory = AuditSink.inMemory();
        AtomicInteger calls = new AtomicInteger();
        AuditLog log = AuditLog.builder()
                .sink(r -> {
                    if (calls.incrementAndGet() % 3 == 0) {
                        throw new IllegalStateException("database is down");
                    }
                    memory.write(r);
                })
                .build();

        // when
        for (int i = 0; i < 30; i++) {
            log.record(record(i));
        }
        log.flush();

        // then
        AuditStats stats = log.stats();
        assertThat(stats.failed()).isEqualTo(10);
        assertThat(stats.written()).isEqualTo(20);
        assertThat(stats.pending()).isZero();
        assertThat(log.writerThread().isAlive()).isTrue();

        // and the writer still writes
        log.record(record(99));
        log.close();
        assertThat(log.stats().written()).isEqualTo(21);
        assertThat(memory.records()).last().extracting(AuditRecord::executionId).isEqualTo("e99");
    }

    @Test
    void should_flush_everything_on_close_then_close_the_sink_and_stop_the_writer() {
        // given: a slow but healthy sink and a buffer large enough to hold everything
        AtomicBoolean sinkClosed = new AtomicBoolean();
        AtomicInteger sinkFlushed = new AtomicInteger();
        InMemoryAuditSink memory = AuditSink.inMemory();
        AuditSink sink = new AuditSink() {
            @Override
            public void write(AuditRecord r) throws Exception {
                Thread.sleep(1);
                memory.write(r);
            }

            @Override
            public void flush() {
                sinkFlushed.incrementAndGet();
            }

            @Override
            public void close() {
                sinkClosed.set(true);
            }
        };
        AuditLog log = AuditLog.builder().sink(sink).build();
        for (int i = 0; i < 200; i++) {
            log.record(record(i));
        }

        // when
        log.close();

        // then
        assertThat(log.stats()).isEqualTo(new AuditStats(200, 0, 0, 0));
        assertThat(memory.size()).isEqualTo(200);
        assertThat(memory.records().get(199).executionId()).isEqualTo("e199");
        assertThat(sinkFlushed.get()).isPositive();
        assertThat(sinkClosed).isTrue();
        assertThat(log.writerThread().isAlive()).isFalse();
    }

    @Test
    void should_close_once_and_count_records_given_after_close_as_dropped() {
        // given
        AtomicInteger closes = new AtomicInteger();
        AuditLog log = AuditLog.builder().sink(new AuditSink() {
            @Override
            public void write(AuditRecord r) {
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        }).build();
        log.record(record(1));

        // when
        log.close();
        log.close();
        log.record(record(2));

        // then
        assertThat(closes.get()).isEqualTo(1);
        assertThat(log.stats()).isEqualTo(new AuditStats(1, 1, 0, 0));
        assertThat(log.flush(Duration.ofMillis(10))).isTrue();
    }

    @Test
    void should_leave_no_writer_thread_behind() throws Exception {
        // given
        Set<Thread> before = writerThreads();
        AuditLog[] logs = new AuditLog[5];
        for (int i = 0; i < logs.length; i++) {
            logs[i] = AuditLog.builder().sink(AuditSink.inMemory()).build();
            logs[i].record(record(i));
        }
        assertThat(writerThreads()).hasSize(before.size() + logs.length)
                .allSatisfy(t -> assertThat(t.isDaemon()).isTrue());

        // when
        for (AuditLog log : logs) {
            log.close();
        }

        // then
        for (AuditLog log : logs) {
            assertThat(log.writerThread().isAlive()).isFalse();
        }
        assertThat(writerThreads()).isEqualTo(before);
    }

    @Test
    void should_wait_in_flush_until_earlier_records_are_written() throws Exception {
        // given: a sink blocked until released
        CountDownLatch release = new CountDownLatch(1);
        InMemoryAuditSink memory = AuditSink.inMemory();
        AuditLog log = AuditLog.builder().sink(r -> {
            release.await();
            memory.write(r);
        }).build();
        log.record(record(1));
        log.record(record(2));

        // when / then: a short flush times out, a flush after release returns with everything written
        assertThat(log.flush(Duration.ofMillis(50))).isFalse();
        assertThat(log.stats().pending()).isEqualTo(2);
        release.countDown();
        assertThat(log.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(memory.size()).isEqualTo(2);
        log.close();
    }

    @Test
    void should_stop_a_stuck_writer_after_the_close_timeout_and_count_what_was_left() {
        // given: a sink that never returns on its own
        CountDownLatch never = new CountDownLatch(1);
        AuditLog log = AuditLog.builder()
                .sink(r -> never.await())
                .closeTimeout(Duration.ofMillis(100))
                .build();
        for (int i = 0; i < 5; i++) {
            log.record(record(i));
        }

        // when
        long t0 = System.nanoTime();
        log.close();

        // then: the one being written was interrupted (failed), the four behind it dropped
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        assertThat(log.writerThread().isAlive()).isFalse();
        assertThat(log.stats()).isEqualTo(new AuditStats(0, 4, 1, 0));
    }

    private static Set<Thread> writerThreads() {
        Set<Thread> out = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(AuditLog.WRITER_THREAD_NAME) && t.isAlive()) {
                out.add(t);
            }
        }
        return out;
    }
}
