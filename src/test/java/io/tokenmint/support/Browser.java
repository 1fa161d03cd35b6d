package io.tokenmint.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven by its ChromeDriver through Selenium. Without them the browser tests are
 * skipped, except where {@code TOKENMINT_REQUIRE_BROWSER=1} (CI, after installing them), where they fail.
 */
public final class Browser implements AutoCloseable {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** Where screenshots go; docs/console/ holds copies of the current ones. */
	public static final Path SCREENSHOTS = Path.of("target/console-screenshots");

	private final ChromeDriver driver;

	private final Path profile;

	private Browser(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	public static Browser start() {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!installed && "1".equals(System.getenv("TOKENMINT_REQUIRE_BROWSER"))) {
			throw new IllegalStateException("chromium and chromium-driver are required (TOKENMINT_REQUIRE_BROWSER=1) but not installed");
		}
		Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
		try {
			Path profile = Files.createTempDirectory("tokenmint-chromium");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM.toFile());
			// The machine's network is closed: without these Chromium keeps trying to reach Google's services.
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
					"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--user-data-dir=" + profile, "--lang=en-US");
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
				.usingAnyFreePort()
				.build();
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(0));
			driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
			driver.manage().window().setSize(new Dimension(1280, 1000));
			return new Browser(driver, profile);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public ChromeDriver driver() {
		return driver;
	}

	/** Saves what the page shows now as {@code target/console-screenshots/<name>.png}. */
	public void screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path taken = driver.getScreenshotAs(OutputType.FILE).toPath();
			Files.copy(taken, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		driver.quit();
		try (var files = Files.walk(profile)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ignored) {
			// A scratch profile left in /tmp is harmless.
		}
	}

}
