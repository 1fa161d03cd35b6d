package io.tokenmint.document;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CollaborationRuleTests {

	@ParameterizedTest
	@ValueSource(strings = { "annotations:view:all", "annotations:edit:self", "annotations:delete:createdBy=bob",
			"annotations:set-group:group=reviewers", "comments:reply:all", "comments:view:createdBy=a:b",
			"form-fields:fill:all", "form-fields:edit:group=hr", "form-fields:view:all" })
	void acceptsRulesFromNutrientsGrammar(String text) {
		var result = CollaborationRule.parse(text);
		assertThat(result.rule()).as(result.why()).isPresent();
		assertThat(result.rule().get().toString()).isEqualTo(text);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"annotations:view|expected <content-type>:<action>:<scope>",
			"annotations|expected <content-type>:<action>:<scope>",
			"widgets:view:all|content type must be",
			"annotations:read:all|action must be",
			"annotations:fill:all|only form-fields can be filled",
			"annotations:reply:all|only comments take replies",
			"form-fields:edit:self|cannot be scoped by creator",
			"form-fields:view:createdBy=bob|cannot be scoped by creator",
			"annotations:view:everyone|scope must be",
			"annotations:view:createdBy=|needs a value",
			"annotations:view:group=|needs a value",
			"Annotations:view:all|content type must be",
			"annotations:view:ALL|scope must be" })
	void refusesRulesOutsideTheGrammar(String text, String why) {
		var result = CollaborationRule.parse(text);
		assertThat(result.rule()).isEmpty();
		assertThat(result.why()).contains(why);
	}

}
