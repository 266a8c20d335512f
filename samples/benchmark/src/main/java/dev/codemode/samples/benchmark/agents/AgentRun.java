package dev.codemode.samples.benchmark.agents;

import dev.codemode.samples.benchmark.tasks.Grader;
import dev.codemode.samples.benchmark.tasks.Task;
import java.util.List;

/**
 * One agent's run of one task: the tokens billed, the round trips, and whether the answer passed.
 *
 * @param cachedInputTokens input tokens read from the prompt cache ({@link Conversation})
 * @param cacheWriteTokens  input tokens written to the prompt cache
 * @param requests          model requests (turns), the answer included
 * @param roundTrips        sequential round trips through the tools (requests answered with tool calls)
 * @param searches          discovery calls (tool searches, listToolFiles) including repeated ones
 * @param note              what went wrong along the way, even when the task passed in the end
 * @param failure           why the task failed, empty when it passed
 * @param transcript        the requests as sent and answered
 */
public record AgentRun(String taskId, boolean passed, String answer, long inputTokens, long cachedInputTokens,
        long cacheWriteTokens, long outputTokens, int requests, int roundTrips, int toolCalls, int searches, String note,
        String failure, List<Conversation.Request> transcript) {

    public AgentRun {
        transcript = List.copyOf(transcript);
    }

    /** A run without its transcript (live runs, tests). */
    public AgentRun(String taskId, boolean passed, String answer, long inputTokens, long cachedInputTokens,
            long cacheWriteTokens, long outputTokens, int requests, int roundTrips, int toolCalls, int searches,
            String note, String failure) {
        this(taskId, passed, answer, inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, requests,
                roundTrips, toolCalls, searches, note, failure, List.of());
    }

    static AgentRun of(Task task, Conversation conversation, int searches, String note) {
        return of(task, conversation, searches, note, null);
    }

    /** The run, failed for {@code reason} when it is not null (the answer is then not graded). */
    static AgentRun of(Task task, Conversation conversation, int searches, String note, String reason) {
        boolean passed = reason == null && Grader.passes(task, conversation.answer());
        String failure = passed ? "" : reason != null ? reason
                : note.isEmpty() ? "wrong answer: " + conversation.answer() : note;
        return new AgentRun(task.id(), passed, conversation.answer(), conversation.inputTokens(),
                conversation.cachedInputTokens(), conversation.cacheWriteTokens(), conversation.outputTokens(), conversation.requests(),
                conversation.roundTrips(), conversation.toolCalls(), searches, note, failure, conversation.transcript());
    }
}
