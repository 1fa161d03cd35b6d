package io.tokenmint.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class KeyTimelineTests {

	private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

	private static KeyView key(String kid, String state, Instant published, Instant activated, Instant retired, Instant until) {
		return new KeyView(kid, "RS256", "RSA", 2048, null, "ab", state, true, published, activated, retired, until, null, "keystore",
				null, null, null, List.of());
	}

	@Test
	void aKeyStopsBeingActiveWhenItsSuccessorIsActivated() {
		Instant now = T0.plusSeconds(400);
		var old = key("old", "PUBLISHED", T0, T0.plusSeconds(10), null, null);
		var successor = key("new", "ACTIVE", T0.plusSeconds(100), T0.plusSeconds(200), null, null);
		var timeline = KeyTimeline.of(List.of(old, successor), now);
		var oldActive = timeline.lanes().get(0).spans().stream().filter(span -> span.kind().equals("active")).findFirst().orElseThrow();
		assertThat(oldActive.end()).isEqualTo(T0.plusSeconds(200));
		var newActive = timeline.lanes().get(1).spans().stream().filter(span -> span.kind().equals("active")).findFirst().orElseThrow();
		assertThat(newActive.end()).isEqualTo(now);
	}

	@Test
	void aRetiredKeyShowsItsTailUntilPublishedUntilAndEverySpanFitsTheDrawing() {
		Instant now = T0.plusSeconds(300);
		var retired = key("gone", "RETIRED", T0, T0.plusSeconds(10), T0.plusSeconds(100), T0.plusSeconds(500));
		var timeline = KeyTimeline.of(List.of(retired), now);
		var spans = timeline.lanes().get(0).spans();
		assertThat(spans).extracting(KeyTimeline.Span::kind).containsExactly("published", "active", "tail");
		assertThat(spans).allSatisfy(span -> assertThat(span.x() + span.width()).isBetween(0, KeyTimeline.WIDTH + 2));
		assertThat(timeline.nowX()).isBetween(0, KeyTimeline.WIDTH);
		assertThat(timeline.lanes().get(0).description()).contains("tail from 2026-12-01T00:01:40Z to 2026-12-01T00:08:20Z");
	}

}
