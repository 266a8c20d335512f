package dev.codemode.skill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.MetaToolResult;
import dev.codemode.access.CallContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SkillSmokeTest {

    @Test
    void smoke() {
        SkillFixtures f = new SkillFixtures();
        try (CodeMode cm = CodeMode.builder().toolSources(f.crm(), f.orders()).autoExecute("*")
                .skills(Skills.inMemory()).build()) {
            CallContext a = CallContext.anonymous();
            MetaToolResult r = SkillFixtures.save(cm, SkillFixtures.SUMMARIZE + "\nresult = summarize_orders(\"c1\")\n",
                    "summarize_orders", a);
            System.out.println(r.text());
            System.out.println(cm.call("listToolFiles", Map.of(), a).text());
            System.out.println(cm.call("listToolFiles", Map.of("query", "summarise orders"), a).text());
            System.out.println(cm.call("readToolFile", Map.of("fileName", "skills.pyi"), a).text());
            System.out.println(cm.call("getToolDocs", Map.of("server", "skills", "tool", "summarize_orders"), a).text());
            System.out.println(SkillFixtures.execute(cm, "x = 1\nresult = skills.summarize_orders(\"c2\", limit=2)", a).text());
            System.out.println(SkillFixtures.execute(cm, "x = 1\nresult = skills.summarize_order(\"c2\")", a).text());
            System.out.println(SkillFixtures.execute(cm, "x = 1\nresult = skills.summarize_orders(42)", a).text());
            System.out.println(cm.specs().get(3));
        }
    }
}
