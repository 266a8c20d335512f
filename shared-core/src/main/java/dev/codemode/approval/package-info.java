/**
 * Durable approvals: a script that needs approval is parked as a {@link dev.codemode.approval.PendingApproval}
 * in an {@link dev.codemode.approval.ApprovalStore} (in memory, or a table next to the audit tables), any
 * instance lists and decides it through an {@link dev.codemode.approval.ApprovalQueue}, and every decision
 * goes through an {@link dev.codemode.approval.ApprovalAuthorizer}. The queue is an
 * {@link dev.codemode.policy.ApprovalHandler}: {@code CodeMode.builder().approvalHandler(queue)}.
 *
 * <p>Guarantees: a decision is one conditional update, so two deciders (or a decider and the deadline)
 * have exactly one winner; only the thread that parked a script runs it, once, after reading an approved
 * status; a row whose instance stopped polling, or whose deadline passed, cannot be approved, and is
 * marked expired (with an audit record) by any live instance.
 */
@NullMarked
package dev.codemode.approval;

import org.jspecify.annotations.NullMarked;
