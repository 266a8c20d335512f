package dev.codemode.skill;

import static dev.codemode.skill.SkillFixtures.SUMMARIZE;
import static dev.codemode.skill.SkillFixtures.execute;
import static dev.codemode.skill.SkillFixtures.save;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.CodeMode;
import dev.codemode.MetaToolResult;
import dev.codemode.access.AccessControl;
import dev.codemode.access.CallContext;
import dev.codemode.access.VirtualKey;
import dev.codemode.audit.ExecutionRecord;
import dev.codemode.audit.InMemoryAuditSink;
import dev.codemode.policy.ApprovalDecision;
import dev.codemode.policy.ApprovalRequest;
import dev.codemode.sandbox.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Skills through the public API: saving with saveAs (checked before the run, stored only on success),
 * calling in a later execution, versions, deletion, sharing per key and shared, approval and audit.
 */
class SkillsTest {

    static final CallContext A = CallContext.of("team-a");
    static final CallContext B = CallContext.of("team-b");
    static final CallContext NARROW = CallContext.of("narrow");
    static final String SAVE_SCRIPT = SUMMARIZE + "\nresult = summarize_orders(\"c1\")\n";

    final SkillFixtures f = new SkillFixtures();

    CodeMode host(Skills skills) {
        AccessControl access = AccessControl.builder().keys(
                VirtualKey.withTools("team-a", "crm.*", "orders_db.*"),
                VirtualKey.withTools("team-b", "crm.*", "orders_db.*"),
                VirtualKey.withTools("narrow", "crm.lookup_customer")).build();
        return CodeMode.builder().toolSources(f.crm(), f.orders()).accessControl(access).autoExecute("*")
                .skills(skills).build();
    }

    @Test
    void should_save_on_success_and_call_it_later_with_other_arguments() {
        try (CodeMode cm = host(Skills.inMemory())) {
            MetaToolResult saved = save(cm, SAVE_SCRIPT, "summarize_orders", A);
            assertThat(saved.isError()).isFalse();
            assertThat(saved.text()).endsWith("\nsaved skills.summarize_orders(customer_id: str, limit: int = 10) as"
                    + " version 1; call it as skills.summarize_orders(...)");

            MetaToolResult later = execute(cm, "result = skills.summarize_orders(\"c7\", limit=2)", A);
            assertThat(later.text()).startsWith("{\"result\":{\"name\":\"Ada c7\",\"open\":2}");
            Skill skill = cm.skills().orElseThrow().show("team-a", "summarize_orders").orElseThrow();
            assertThat(skill.tools()).containsExactly("crm.lookup_customer", "orders_db.list_orders");
            assertThat(skill.author()).isEqualTo("team-a");
            assertThat(skill.parameters()).extracting(Skill.Parameter::type).containsExactly("str", "int");
        }
    }

    @Test
    void should_not_save_when_the_script_fails_and_not_run_when_the_def_is_invalid() {
        try (CodeMode cm = host(Skills.inMemory())) {
            MetaToolResult failed = save(cm, SUMMARIZE + "\nresult = summarize_orders(\"c1\")[\"missing\"]\n",
                    "summarize_orders", A);
            assertThat(failed.isError()).isTrue();
            assertThat(failed.text()).endsWith("\nnot saved: the script failed");
            assertThat(cm.skills().orElseThrow().versions("team-a", "summarize_orders")).isEmpty();

            int before = f.lookups.get();
            MetaToolResult invalid = save(cm, "def helper(x):\n    return x\nresult = crm.lookup_customer(customer_id=\"c1\")\n",
                    "helper", A);
            assertThat(invalid.isError()).isTrue();
            assertThat(invalid.text()).contains("no docstring").contains("Nothing ran");
            assertThat(f.lookups.get()).isEqualTo(before);

            MetaToolResult missing = save(cm, "result = 1", "nothing_here", A);
            assertThat(missing.text()).contains("no top-level def nothing_here");
        }
    }

    @Test
    void should_version_and_delete() {
        try (CodeMode cm = host(Skills.inMemory())) {
            save(cm, SAVE_SCRIPT, "summarize_orders", A);
            MetaToolResult second = save(cm, SAVE_SCRIPT.replace("limit=10", "limit=5"), "summarize_orders", A);
            assertThat(second.text()).contains("as version 2");
            SkillLibrary lib = cm.skills().orElseThrow();
            assertThat(lib.versions("team-a", "summarize_orders")).extracting(Skill::version).containsExactly(1, 2);
            assertThat(lib.show("team-a", "summarize_orders", 1).orElseThrow().source()).contains("limit=10");
            assertThat(lib.list(A)).singleElement().satisfies(s -> assertThat(s.version()).isEqualTo(2));

            assertThat(lib.delete("team-a", "summarize_orders")).isTrue();
            assertThat(lib.delete("team-a", "summarize_orders")).isFalse();
            assertThat(execute(cm, "result = skills.summarize_orders(\"c1\")", A).text())
                    .contains("\"error\":\"no skill summarize_orders\"");
        }
    }

    @Test
    void should_keep_a_per_key_skill_from_other_keys() {
        try (CodeMode cm = host(Skills.inMemory())) {
            save(cm, SAVE_SCRIPT, "summarize_orders", A);
            MetaToolResult other = execute(cm, "result = skills.summarize_orders(\"c1\")", B);
            assertThat(other.text()).contains("\"error\":\"no skill summarize_orders\"")
                    .contains("you have no skills yet");
            assertThat(cm.call("listToolFiles", Map.of(), B).text()).doesNotContain("skills.pyi");
            assertThat(cm.call("listToolFiles", Map.of(), A).text()).contains("skills.pyi");
        }
    }

    @Test
    void should_hide_a_shared_skill_from_a_caller_who_lacks_one_of_its_tools() {
        try (CodeMode cm = host(Skills.builder().sharing(SkillSharing.SHARED).build())) {
            save(cm, SAVE_SCRIPT, "summarize_orders", A);
            // B sees the same tools: the shared skill is B's too
            assertThat(execute(cm, "result = skills.summarize_orders(\"c2\")", B).isError()).isFalse();
            // NARROW lacks orders_db: the skill does not exist for it, and nothing names orders_db
            int lookups = f.lookups.get();
            MetaToolResult narrow = execute(cm, "result = skills.summarize_orders(\"c2\")", NARROW);
            assertThat(narrow.text()).contains("\"error\":\"no skill summarize_orders\"").doesNotContain("orders_db");
            assertThat(f.lookups.get()).isEqualTo(lookups);
            assertThat(cm.call("listToolFiles", Map.of(), NARROW).text()).doesNotContain("skills");
            assertThat(cm.call("readToolFile", Map.of("fileName", "skills.pyi"), NARROW).text())
                    .doesNotContain("summarize_orders");
            assertThat(cm.call("getToolDocs", Map.of("server", "skills", "tool", "summarize_orders"), NARROW).text())
                    .startsWith("no skill summarize_orders").doesNotContain("orders_db");
            assertThat(cm.skills().orElseThrow().list(NARROW)).isEmpty();
        }
    }

    @Test
    void should_check_a_skill_registered_into_a_keys_scope_against_that_keys_view() {
        try (CodeMode cm = host(Skills.inMemory())) {
            SkillLibrary lib = cm.skills().orElseThrow();
            assertThatThrownBy(() -> lib.register(SUMMARIZE, "narrow", "admin"))
                    .isInstanceOf(SkillException.class).hasMessageContaining("orders_db");
            assertThat(lib.register(SUMMARIZE, "team-a", "admin").scope()).isEqualTo("team-a");
            assertThat(lib.list(A)).extracting(Skill::name).containsExactly("summarize_orders");
            assertThat(lib.list(B)).isEmpty();
        }
    }

    @Test
    void should_refuse_to_save_a_skill_calling_a_tool_outside_the_savers_view() {
        try (CodeMode cm = host(Skills.builder().sharing(SkillSharing.SHARED).build())) {
            MetaToolResult r = save(cm, SAVE_SCRIPT, "summarize_orders", NARROW);
            assertThat(r.isError()).isTrue();
            assertThat(r.text()).contains("saveAs:").contains("Nothing ran");
            assertThat(cm.skills().orElseThrow().listAll()).isEmpty();
        }
    }

    @Test
    void should_ask_approval_for_a_skills_tools_show_its_source_and_call_nothing_when_denied() {
        List<ApprovalRequest> asked = new ArrayList<>();
        String deleting = """
                def forget(customer_id):
                    \"\"\"Delete a customer.

                    Args:
                        customer_id (str): who
                    \"\"\"
                    return crm.delete_customer(customer_id=customer_id)
                """;
        try (CodeMode cm = CodeMode.builder().toolSources(f.crm(), f.orders()).autoExecute("crm.lookup_customer")
                .approvalHandler(request -> {
                    asked.add(request);
                    return ApprovalDecision.deny("no");
                })
                .skills(Skills.builder().register(deleting).build()).build()) {
            MetaToolResult r = execute(cm, "result = skills.forget(\"c1\")", CallContext.anonymous());
            assertThat(r.isError()).isTrue();
            assertThat(r.text()).contains("approval denied").contains("crm.delete_customer");
            assertThat(f.deletes.get()).isZero();
            assertThat(asked).singleElement().satisfies(request -> {
                assertThat(request.needApproval()).containsExactly("crm.delete_customer");
                assertThat(request.script()).startsWith("result = skills.forget(\"c1\")\n")
                        .contains("# skills.forget (version 1), called above:\ndef forget(customer_id):")
                        .contains("return crm.delete_customer(customer_id=customer_id)");
            });
            // the stubs mark it like a tool
            assertThat(cm.call("readToolFile", Map.of("fileName", "skills.pyi"), CallContext.anonymous()).text())
                    .contains("Every call needs approval.");
        }
    }

    @Test
    void should_run_a_skills_allowlisted_tools_without_approval() {
        try (CodeMode cm = CodeMode.builder().toolSources(f.crm(), f.orders()).autoExecute("crm.*", "orders_db.*")
                .skills(Skills.builder().register(SUMMARIZE).build()).build()) {
            MetaToolResult r = execute(cm, "result = skills.summarize_orders(customer_id=\"c3\")",
                    CallContext.anonymous());
            assertThat(r.isError()).as(r.text()).isFalse();
        }
    }

    @Test
    void should_name_the_skills_used_in_the_execution_record() {
        InMemoryAuditSink sink = new InMemoryAuditSink();
        try (CodeMode cm = CodeMode.builder().toolSources(f.crm(), f.orders()).autoExecute("*").auditSink(sink)
                .skills(Skills.builder().register(SUMMARIZE).build()).build()) {
            execute(cm, "result = skills.summarize_orders(\"c1\")", CallContext.anonymous());
            execute(cm, "result = crm.lookup_customer(customer_id=\"c1\")", CallContext.anonymous());
        }
        List<ExecutionRecord> runs = sink.records().stream().filter(ExecutionRecord.class::isInstance)
                .map(ExecutionRecord.class::cast).toList();
        assertThat(runs).extracting(ExecutionRecord::skills).containsExactly(List.of("summarize_orders@1"), List.of());
    }

    @Test
    void should_report_a_failure_inside_a_skill_with_the_skill_name_and_its_own_line() {
        try (CodeMode cm = host(Skills.builder().register(SUMMARIZE.replace("c[\"name\"]", "c[\"nom\"]")).build())) {
            String answer = execute(cm, "x = 1\ny = 2\nresult = skills.summarize_orders(\"c1\")", A).text();
            assertThat(answer).contains("\"error\":\"skills.summarize_orders line 10: ").contains("\"line\":3");
            assertThat(answer).doesNotContain("_cm_").doesNotContain("java").doesNotContain("dev.codemode");
        }
    }

    @Test
    void should_stop_a_skill_over_the_step_limit_like_a_script() {
        String spin = """
                def spin(n):
                    \"\"\"Loop n times.

                    Args:
                        n (int): how many
                    \"\"\"
                    total = 0
                    for i in range(n):
                        for j in range(n):
                            total += 1
                    return total
                """;
        try (CodeMode cm = CodeMode.builder().toolSources(f.crm()).limits(Limits.builder().maxSteps(10_000).build())
                .skills(Skills.builder().register(spin).build()).build()) {
            String answer = execute(cm, "result = skills.spin(1000)", CallContext.anonymous()).text();
            assertThat(answer).contains("\"error\":\"skills.spin line ").contains("steps, the limit per script");
        }
    }

    @Test
    void should_leave_every_meta_tool_as_it_was_without_skills() {
        try (CodeMode plain = CodeMode.builder().toolSources(f.crm(), f.orders()).build();
                CodeMode withSkills = CodeMode.builder().toolSources(f.crm(), f.orders())
                        .skills(Skills.builder().saving(false).build()).build()) {
            assertThat(withSkills.specs()).isEqualTo(plain.specs());
            assertThat(withSkills.call("listToolFiles", Map.of()).text()).isEqualTo(plain.call("listToolFiles", Map.of()).text());
            assertThat(plain.skills()).isEmpty();
            // without skills configured, skills is an ordinary unknown name
            assertThat(execute(plain, "result = skills.x()", CallContext.anonymous()).text()).doesNotContain("no skill");
        }
    }

    @Test
    void should_refuse_at_build_an_application_skill_that_does_not_check() {
        assertThatThrownBy(() -> Skills.builder().register("x = 1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one top-level def");
        Skills unknownTool = Skills.builder().register("""
                def f(a):
                    \"\"\"Calls a tool nobody has.\"\"\"
                    return crm.no_such_tool(customer_id=a)
                """).build();
        assertThatThrownBy(() -> CodeMode.builder().toolSources(f.crm()).skills(unknownTool).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no tool no_such_tool");
    }

    @Test
    void should_register_the_star_files_of_a_classpath_folder() {
        try (CodeMode cm = CodeMode.builder().toolSources(f.crm(), f.orders()).autoExecute("*")
                .skills(Skills.builder().registerClasspath("skills-test").build()).build()) {
            assertThat(cm.skills().orElseThrow().list(CallContext.anonymous())).extracting(Skill::name)
                    .containsExactly("customer_name");
            assertThat(execute(cm, "result = skills.customer_name(\"c9\")", CallContext.anonymous()).text())
                    .startsWith("{\"result\":\"Ada c9\"");
        }
    }
}
