package io.tokenmint.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.tokenmint.support.Browser;
import io.tokenmint.support.EndToEndTest;
import io.tokenmint.support.IndependentVerifier;
import io.tokenmint.support.StandInOperatorsIdentityProvider;
import io.tokenmint.support.TestApi;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jwt.SignedJWT;

/**
 * The console in a real browser (headless Chromium): an operator does the README's admin tasks through its pages,
 * the results are checked through the API and with another JWT library, and what must be refused is. Screenshots
 * of each page go to target/console-screenshots.
 */
class ConsoleBrowserTests extends EndToEndTest {

	private static final StandInOperatorsIdentityProvider OPERATORS = new StandInOperatorsIdentityProvider();

	private static Browser browser;

	private ChromeDriver page;

	@DynamicPropertySource
	static void console(DynamicPropertyRegistry registry) {
		OPERATORS.configure(registry);
		// Managed keys (the development keystore holds a key-encryption key), so that the console can start a rotation;
		// in a database of its own, as a service without the key-encryption key refuses to start on managed keys.
		registry.add("tokenmint.signing.kek-alias", () -> "tokenmint-dev-kek");
		ownDatabase(registry, "console-browser");
	}

	@BeforeAll
	static void startBrowser() {
		browser = Browser.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.close();
		}
		OPERATORS.stop();
	}

	@BeforeEach
	void freshBrowser() {
		page = browser.driver();
		page.manage().deleteAllCookies();
		OPERATORS.signInAs("alice", List.of(StandInOperatorsIdentityProvider.ADMIN_GROUP));
	}

	@AfterEach
	void noAlertLeftOpen() {
		try {
			page.switchTo().alert().dismiss();
		}
		catch (org.openqa.selenium.NoAlertPresentException none) {
			// the usual case
		}
	}

	@Test
	void anOperatorDoesTheReadmesAdminTasksInTheConsole() throws Exception {
		signInWithTheAdminKey();
		assertThat(text("operator")).isEqualTo("admin:console");
		browser.screenshot("01-overview");

		// A client, created from the form; its key shown once, then used through the API.
		open("/console/clients");
		type("name", "Invoices backend");
		page.findElement(By.cssSelector("input[name=profiles][value=instant]")).click();
		type("documents", "invoice-*");
		page.findElement(By.cssSelector("input[name=allPermissions]")).click();
		type("maxExpiresIn", "3600");
		browser.screenshot("02-clients-create");
		page.findElement(By.id("create")).click();
		assertThat(page.getTitle()).startsWith("API key");
		assertThat(page.findElement(By.id("copy")).isDisplayed()).isTrue();
		String apiKey = text("api-key");
		browser.screenshot("03-client-key-shown-once");
		var issued = api.post("/tokens", Map.of("document_id", "invoice-7", "user_id", "bob", "permissions", List.of("read-document")),
				TestApi.apiKey(apiKey));
		assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
		String token = (String) issued.json().get("token");
		SignedJWT verified = IndependentVerifier.verifyWithJwks(token, api.get("/.well-known/jwks.json").body());
		assertThat(verified.getJWTClaimsSet().getStringClaim("document_id")).isEqualTo("invoice-7");
		open("/console/clients");
		assertThat(page.getPageSource()).doesNotContain(apiKey);
		String clientId = page.findElement(By.xpath("//tr[td[1][text()='Invoices backend']]")).getDomAttribute("data-client");

		// Its scope narrowed from its edit page: the same key, held to the new documents at once.
		page.findElement(By.xpath("//tr[td[1][text()='Invoices backend']]//a[text()='Change']")).click();
		assertThat(page.findElement(By.id("documents")).getDomProperty("value")).isEqualTo("invoice-*");
		type("documents", "invoice-8");
		page.findElement(By.id("save")).click();
		waitFor("done");
		assertThat(text("done")).contains("Client " + clientId + " changed");
		assertThat(api.post("/tokens", Map.of("document_id", "invoice-7"), TestApi.apiKey(apiKey)).code()).isEqualTo("DOCUMENT_NOT_ALLOWED");
		assertThat(api.post("/tokens", Map.of("document_id", "invoice-8"), TestApi.apiKey(apiKey)).status()).isEqualTo(200);

		// A grant, created and deleted.
		open("/console/grants");
		type("subject", "user:carol");
		type("documentId", "invoice-9");
		page.findElement(By.cssSelector("#create-grant input[name=permissions][value=read-document]")).click();
		page.findElement(By.id("create")).click();
		assertThat(text("done")).contains("created for user:carol");
		WebElement grantRow = page.findElement(By.xpath("//table[@id='grants']//tr[td[1][text()='user:carol']]"));
		String grantId = grantRow.getDomAttribute("data-grant");
		browser.screenshot("04-grants");
		grantRow.findElement(By.cssSelector("button")).click();
		page.switchTo().alert().accept();
		waitFor("done");
		assertThat(text("done")).contains("Grant " + grantId + " deleted");
		assertThat(api.get("/admin/grants?subject=user:carol", admin()).body()).isEqualTo("[]");

		// The audit shows all of it, by who did it.
		open("/console/audit");
		type("subject", clientId);
		page.findElement(By.id("search")).click();
		new WebDriverWait(page, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("subject="));
		waitFor("records");
		String records = text("records");
		assertThat(records).contains("client.created").contains("admin:console").contains("token instant").contains("ISSUED");
		browser.screenshot("05-audit");
		page.findElement(By.xpath("//table[@id='records']//tr[td[4][text()='client.created']]//a")).click();
		assertThat(text("record")).contains("\"action\" : \"client.created\"").doesNotContain(apiKey);
		browser.screenshot("06-audit-record");
		open("/console/audit?subject=" + grantId);
		assertThat(text("records")).contains("grant.created").contains("grant.deleted");

		// The token inspector: the issued token, then the same token with one claim changed.
		inspect(token);
		assertThat(text("verdict")).isEqualTo("Valid instant token");
		assertThat(page.findElements(By.cssSelector("#checks > li[data-passed=false]"))).isEmpty();
		assertThat(text("signer")).contains(verified.getHeader().getKeyID());
		assertThat(text("claims")).contains("invoice-7");
		assertThat(text("claim-times")).as("NumericDates shown as times").contains("exp").contains("iat").contains(" UTC");
		assertThat(page.getPageSource()).doesNotContain(token);
		browser.screenshot("07-inspector-valid");
		inspect(tampered(token));
		assertThat(text("verdict")).isEqualTo("Not valid");
		assertThat(page.findElement(By.cssSelector("#checks > li[data-passed=false]")).getText())
			.contains("Signature valid").contains("INVALID_SIGNATURE");
		browser.screenshot("08-inspector-tampered");

		// A successor key: started from the rotation form, then activated, first refused by the publish-ahead safeguard.
		open("/console/consumers");
		assertThat(text("rotation-facts")).as("health in words, not its field names").contains("Schedule")
			.contains("Deliveries to required consumers failing").doesNotContain("failingDeliveries").doesNotContain("PT");
		assertThat(page.getPageSource()).contains("rel=\"icon\" href=\"data:,\"");
		page.findElement(By.cssSelector("#rotate button")).click();
		page.switchTo().alert().accept();
		waitFor("rotation-result");
		String successor = page.findElement(By.cssSelector("#rotation-result code")).getText();
		browser.screenshot("09-consumers-rotation");
		open("/console/keys");
		page.findElement(By.xpath("//tr[@data-kid='" + successor + "']//button[text()='Activate']")).click();
		page.switchTo().alert().accept();
		waitFor("problem");
		assertThat(text("problem")).contains("KEY_NOT_PUBLISHED_LONG_ENOUGH");
		page.findElement(By.xpath("//tr[@data-kid='" + successor + "']//input[@name='force']")).click();
		page.findElement(By.xpath("//tr[@data-kid='" + successor + "']//button[text()='Activate']")).click();
		page.switchTo().alert().accept();
		waitFor("done");
		assertThat(page.findElement(By.xpath("//tr[@data-kid='" + successor + "']//td[@class='state']")).getText()).isEqualTo("ACTIVE");
		browser.screenshot("10-keys");
		var next = api.post("/tokens", Map.of("document_id", "invoice-8", "user_id", "bob"), TestApi.apiKey(apiKey));
		String nextToken = (String) next.json().get("token");
		assertThat(IndependentVerifier.verifyWithJwks(nextToken, api.get("/.well-known/jwks.json").body()).getHeader().getKeyID())
			.isEqualTo(successor);
		assertThat(api.get("/admin/audit?subject=" + successor, admin()).body()).contains("\"caller_id\":\"console\"");

		open("/console");
		assertThat(text("requests-heading")).contains("last hour");
		assertThat(page.findElements(By.cssSelector(".chart svg"))).isNotEmpty();
		browser.screenshot("01-overview");

		page.findElement(By.id("sign-out")).click();
		waitFor("signed-out");
		open("/console/clients");
		assertThat(page.getCurrentUrl()).endsWith("/console/sign-in");
		assertThat(api.get("/admin/audit?kind=admin", admin()).body()).contains("console.signed_in").contains("console.signed_out");
	}

	@Test
	void refusesAWrongKeyAStaleSessionAndAFormWithoutItsCsrfToken() {
		open("/console/sign-in");
		type("admin_key", "not-the-admin-key-but-long-enough");
		page.findElement(By.id("sign-in")).click();
		waitFor("refused");
		assertThat(text("refused")).contains("not the admin key");
		assertThat(api.get("/admin/audit?outcome=REFUSED&kind=admin", admin()).body()).contains("INVALID_ADMIN_KEY");

		signInWithTheAdminKey();
		Cookie session = page.manage().getCookieNamed("TOKENMINT_CONSOLE");
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.getSameSite()).isEqualTo("Strict");
		page.findElement(By.id("sign-out")).click();
		waitFor("signed-out");
		page.manage().deleteCookieNamed("TOKENMINT_CONSOLE");
		page.manage().addCookie(session);
		open("/console/grants");
		assertThat(page.getCurrentUrl()).as("a signed-out session is over").endsWith("/console/sign-in");

		signInWithTheAdminKey();
		open("/console/grants");
		type("subject", "user:dave");
		type("documentId", "doc-csrf");
		page.findElement(By.cssSelector("#create-grant input[name=allPermissions]")).click();
		page.executeScript("document.querySelector('#create-grant input[name=_csrf]').remove()");
		page.findElement(By.id("create")).click();
		waitFor("denied");
		browser.screenshot("11-refused-without-csrf");
		assertThat(api.get("/admin/grants?subject=user:dave", admin()).body()).isEqualTo("[]");
	}

	@Test
	void operatorsSignInThroughTheIdentityProviderAndOthersAreRefused() {
		OPERATORS.signInAs("mallory", List.of("staff"));
		open("/console/sign-in");
		browser.screenshot("00-sign-in");
		page.findElement(By.cssSelector("a.provider")).click();
		waitFor("refused");
		assertThat(text("refused")).contains("not a tokenmint admin");
		assertThat(page.manage().getCookieNamed("TOKENMINT_CONSOLE") == null
				|| !page.getPageSource().contains("Signed in as")).isTrue();
		open("/console");
		assertThat(page.getCurrentUrl()).endsWith("/console/sign-in");
		assertThat(api.get("/admin/audit?subject=mallory", admin()).body()).contains("NOT_AN_ADMIN").contains("console.sign_in_refused");

		OPERATORS.signInAs("alice", List.of("staff", StandInOperatorsIdentityProvider.ADMIN_GROUP));
		open("/console/sign-in");
		page.findElement(By.cssSelector("a.provider")).click();
		waitFor("operator");
		assertThat(text("operator")).isEqualTo("admin:alice");
		open("/console/grants");
		type("subject", "group:editors");
		type("documentId", "handbook");
		page.findElement(By.cssSelector("#create-grant input[name=allPermissions]")).click();
		page.findElement(By.id("create")).click();
		waitFor("done");
		assertThat(api.get("/admin/audit?subject=alice&kind=admin", admin()).body()).contains("console.signed_in").contains("grant.created")
			.contains("\"caller_kind\":\"admin\"");
	}

	@Test
	void everyPageLabelsItsFieldsStartsWithASkipLinkAndFitsAPhone() {
		signInWithTheAdminKey();
		for (String path : List.of("/console", "/console/clients", "/console/grants", "/console/keys", "/console/consumers",
				"/console/audit", "/console/inspect")) {
			page.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
			open(path);
			Object unlabelled = page.executeScript("""
					return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')].filter(field => {
					  if (field.getAttribute('aria-label') || field.getAttribute('aria-labelledby')) return false;
					  if (field.tagName === 'BUTTON') return field.textContent.trim() === '';
					  return !(field.id && document.querySelector('label[for="' + field.id + '"]')) && !field.closest('label');
					}).map(field => field.outerHTML);""");
			assertThat((List<?>) unlabelled).as(path + ": fields without a label").isEmpty();
			page.findElement(By.tagName("body")).sendKeys(org.openqa.selenium.Keys.TAB);
			assertThat(page.switchTo().activeElement().getText()).as(path + ": first tab stop").isEqualTo("Skip to content");
			page.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
			Object overflow = page.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
			assertThat(((Number) overflow).intValue()).as(path + ": sideways scrolling on a phone").isLessThanOrEqualTo(0);
		}
		open("/console");
		browser.screenshot("12-overview-phone");
		page.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
	}

	private void signInWithTheAdminKey() {
		open("/console/sign-in");
		type("admin_key", ADMIN_KEY);
		page.findElement(By.id("sign-in")).click();
		waitFor("operator");
	}

	private void inspect(String token) {
		open("/console/inspect");
		type("token", token);
		page.findElement(By.id("inspect")).click();
		waitFor("verdict");
	}

	/** The same token with the payload's first claim value changed, its signature kept. */
	private static String tampered(String token) {
		String[] parts = token.split("\\.");
		String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8);
		String changed = payload.replace("invoice-7", "invoice-8");
		assertThat(changed).isNotEqualTo(payload);
		return parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
			.encodeToString(changed.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
	}

	private void open(String path) {
		page.get("http://localhost:" + port + path);
	}

	private void type(String id, String value) {
		WebElement field = page.findElement(By.id(id));
		field.clear();
		field.sendKeys(value);
	}

	private String text(String id) {
		return page.findElement(By.id(id)).getText();
	}

	private void waitFor(String id) {
		new WebDriverWait(page, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
	}

}
