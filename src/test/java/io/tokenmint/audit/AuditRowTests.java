package io.tokenmint.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.tokenmint.support.AnyText;

import org.junit.jupiter.api.Test;

/** What an audit row holds, whatever a caller sent: it fits every database's unit, and its JSON parses. */
class AuditRowTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Provide
	Arbitrary<String> anything() {
		return AnyText.upTo(1500);
	}

	@Property(tries = 300)
	void cleanTextFitsItsBudgetInBytesUtf16UnitsAndCodePoints(@ForAll("anything") String value,
			@ForAll("budgets") int budget) {
		String clean = AuditText.clean(value, budget);
		int bytes = clean.getBytes(StandardCharsets.UTF_8).length;
		assertThat(bytes).isLessThanOrEqualTo(budget);
		assertThat(clean.length()).isLessThanOrEqualTo(budget);
		assertThat(clean.codePointCount(0, clean.length())).isLessThanOrEqualTo(budget);
		assertThat(clean.codePoints()).noneMatch(Character::isISOControl)
			.noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
	}

	@Provide
	Arbitrary<Integer> budgets() {
		return Arbitraries.of(3, 4, 64, 256, 512, 1024);
	}

	@Test
	void keepsTextThatFitsAsItIs() {
		String documentId = "\uD83D\uDE00".repeat(256);
		assertThat(AuditText.clean(documentId, AuditRow.FIELD_BYTES)).isEqualTo(documentId);
		assertThat(AuditText.clean("Bj\u00F6rn\u2019s iPhone", 64)).isEqualTo("Bj\u00F6rn\u2019s iPhone");
	}

	@Test
	void marksACutValue() {
		assertThat(AuditText.clean("a".repeat(2000), 100)).hasSize(98).endsWith(AuditText.CUT);
	}

	@Property(tries = 200)
	void aRefusedRecordIsBoundedAndItsRulesAreValidJson(@ForAll("anything") String text, @ForAll("rules") List<String> rules) {
		Object[] row = AuditRow.of(entry(AuditEntry.Outcome.REFUSED, text, rules), JSON);
		int callerText = 0;
		for (int column : new int[] { 3, 4, 5, 6, 7, 8, 15 }) {
			callerText += row[column] == null ? 0 : ((String) row[column]).getBytes(StandardCharsets.UTF_8).length;
		}
		assertThat(callerText).isLessThanOrEqualTo(AuditRow.RECORD_BYTES);
		List<String> stored = row[8] == null ? List.of() : JSON.readValue((String) row[8], new TypeReference<List<String>>() { });
		assertThat(stored.size()).isLessThanOrEqualTo(rules.size());
		if (stored.size() < rules.size()) {
			assertThat(row[16]).isEqualTo(true);
		}
	}

	@Provide
	Arbitrary<List<String>> rules() {
		return Arbitraries.oneOf(anything().list().ofMaxSize(20),
				Arbitraries.integers().between(0, 30_000).map(n -> Collections.nCopies(n, "1")));
	}

	@Test
	void anIssuedRecordKeepsEveryValidatedValueWhole() {
		String id = "\uD83D\uDE00".repeat(256);
		List<String> rules = Collections.nCopies(100, "annotations:view:group=" + "\u4E00".repeat(256));
		Object[] row = AuditRow.of(new AuditEntry(Instant.now(), "client", "c", "instant", id, id, id, List.of("read-document"), rules,
				"jti", "kid", Instant.now(), AuditEntry.Outcome.ISSUED, null, "127.0.0.1", "app"), JSON);
		assertThat(row[4]).isEqualTo(id);
		assertThat(row[5]).isEqualTo(id);
		assertThat(row[6]).isEqualTo(id);
		assertThat(JSON.readValue((String) row[8], new TypeReference<List<String>>() { })).isEqualTo(rules);
		assertThat(row[16]).isEqualTo(false);
	}

	private static AuditEntry entry(AuditEntry.Outcome outcome, String text, List<String> rules) {
		return new AuditEntry(Instant.now(), "client", "c", text, text, text, text, null, rules, null, null, null, outcome,
				"WRONG_TYPE", "127.0.0.1", text);
	}

}
