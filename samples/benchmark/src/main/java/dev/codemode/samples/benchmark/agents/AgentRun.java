package dev.codemode.samples.benchmark.agents;

import dev.codemode.samples.benchmark.tasks.Grader;
import dev.codemode.samples.benchmark.tasks.Task;

/**
 * One agent's run of one task: the tokens billed, the round trips, and whether the answer passed.
 *
 * @param searches discovery turns (tool searches, listToolFiles) including repeated ones
 */
public record AgentRun(String taskId, boolean passed, String answer, long inputTokens, long outputTokens, int requests,
        int toolCalls, int searches, String note) {

    static AgentRun of(Task task, Conversation conversation, int searches, String note) {
        return new AgentRun(task.id(), Grader.passes(task, conversation.answer()), conversation.answer(),
                conversation.inputTokens(), conversation.outputTokens(), conversation.requests(),
                conversation.toolCalls(), searches, note);
    }
}
