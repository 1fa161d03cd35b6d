package io.tokenmint.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.tokenmint.support.ConsoleSession;
import io.tokenmint.support.EndToEndTest;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The console's session, cookie and headers, over plain HTTP; a short idle timeout so that it can be seen to end. */
@TestPropertySource(properties = "tokenmint.console.idle-timeout=2s")
class ConsoleSessionTests extends EndToEndTest {

	@Test
	void pagesCarryAStrictHttpOnlyCookieAndAPolicyThatForbidsInlineScript() {
		var page = new ConsoleSession(port).get("/console/sign-in");
		assertThat(page.statusCode()).isEqualTo(200);
		String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(cookie).startsWith("TOKENMINT_CONSOLE=").contains("HttpOnly").contains("SameSite=Strict")
			.as("plain HTTP here; Tomcat adds Secure over TLS").doesNotContain("Secure");
		String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(policy).contains("default-src 'none'").contains("script-src 'self'").contains("style-src 'self'")
			.contains("frame-ancestors 'none'").contains("form-action 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
		assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		assertThat(page.body()).doesNotContain("<script>").doesNotContain(" style=\"").doesNotContain("onclick");
	}

	@Test
	void aSignInWithoutItsCsrfTokenIsRefused() {
		var console = new ConsoleSession(port);
		console.get("/console/sign-in");
		var answer = console.postRaw("/console/sign-in", ConsoleSession.encode(Map.of("admin_key", ADMIN_KEY)));
		// Spring Security sends a caller without a session's CSRF token back to the sign-in page, signed out.
		assertThat(answer.statusCode()).isIn(302, 403);
		assertThat(answer.headers().firstValue("Location").orElse("")).doesNotEndWith("/console");
		assertThat(console.get("/console").statusCode()).as("not signed in").isEqualTo(302);
	}

	@Test
	void aSessionIdleLongerThanTheTimeoutIsOver() throws InterruptedException {
		var console = new ConsoleSession(port).signIn(ADMIN_KEY);
		assertThat(console.get("/console/clients").statusCode()).isEqualTo(200);
		// Real time, the one idle wait in the suite: Spring Session dates a session by the system clock and offers no
		// other, and any request in between would itself keep the session alive. Half again the timeout.
		Thread.sleep(3_000);
		var stale = console.get("/console/clients");
		assertThat(stale.statusCode()).isEqualTo(302);
		assertThat(stale.headers().firstValue("Location").orElseThrow()).endsWith("/console/sign-in");
	}

	@Test
	void signingInGivesANewSessionIdAndTheSessionNeverOpensTheApi() {
		var console = new ConsoleSession(port);
		console.get("/console/sign-in");
		String before = console.cookies().get(0).getValue();
		console.signIn(ADMIN_KEY);
		String after = console.cookies().stream().filter(c -> c.getName().equals("TOKENMINT_CONSOLE")).findFirst().orElseThrow().getValue();
		assertThat(after).as("session fixation").isNotEqualTo(before);
		var api = console.get("/admin/clients");
		assertThat(api.statusCode()).isEqualTo(401);
		assertThat(api.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
	}

	@Test
	void aFormThatIsNotUtf8IsRefusedWithoutLoggingWhatItHeld() {
		var console = new ConsoleSession(port);
		console.get("/console/sign-in");
		var answer = console.postRaw("/console/sign-in", "admin_key=%FFsecret-typed-in%FE&_csrf=" + console.csrfToken());
		assertThat(answer.statusCode()).isEqualTo(400);
		assertThat(answer.body()).contains("MALFORMED_FORM").doesNotContain("secret-typed-in");
		assertThat(console.get("/console/audit?subject=%C0%AF").statusCode()).isEqualTo(400);
	}

	@Test
	void htmxRequestsWithoutASessionAreToldToLoadTheSignInPage() {
		var answer = new ConsoleSession(port).get("/console/audit", "HX-Request", "true");
		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(answer.headers().firstValue("HX-Redirect")).hasValue("/console/sign-in");
	}

	@Test
	void formsAnswerWithTheProblemAndKeepNothingSecretInThePage() {
		var console = new ConsoleSession(port).signIn(ADMIN_KEY);
		console.get("/console/grants");
		var refused = console.post("/console/grants", Map.of("subject", "nobody-prefix", "documentId", "d", "allPermissions", "true"));
		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(refused.body()).contains("id=\"problem\"").contains("INVALID_SUBJECT");
		console.get("/console/consumers");
		var consumer = console.post("/console/consumers", Map.of("type", "document-engine", "name", "de", "url", "ftp://de.example",
				"apiToken", "de-secret-token-0123456789"));
		assertThat(consumer.body()).contains("id=\"problem\"").doesNotContain("de-secret-token-0123456789");
	}

}
