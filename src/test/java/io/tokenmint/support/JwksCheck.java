package io.tokenmint.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The container check's verifier (src/test/container/run.sh): every token on standard input, one a line, is
 * verified with nimbus-jose-jwt against each JWK Set URL given, as a consumer reading either replica's JWKS
 * would. Prints one line of counts and exits 1 if any token fails against any set.
 */
public final class JwksCheck {

	private JwksCheck() {
	}

	public static void main(String[] jwksUrls) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		List<String> sets = new ArrayList<>();
		for (String url : jwksUrls) {
			HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() != 200) {
				throw new IllegalStateException(url + " answered " + answer.statusCode());
			}
			sets.add(answer.body());
		}
		int tokens = 0;
		int failures = 0;
		var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
		for (String line = in.readLine(); line != null; line = in.readLine()) {
			if (line.isBlank()) {
				continue;
			}
			tokens++;
			for (int i = 0; i < sets.size(); i++) {
				try {
					IndependentVerifier.verifyWithJwks(line.strip(), sets.get(i));
				}
				catch (AssertionError ex) {
					if (failures++ < 5) {
						System.out.println("token " + tokens + " fails against " + jwksUrls[i] + ": " + ex.getMessage());
					}
				}
			}
		}
		System.out.printf("verified %d tokens against %d JWK sets with nimbus-jose-jwt: %d failures%n", tokens,
				sets.size(), failures);
		System.exit(failures == 0 && tokens > 0 ? 0 : 1);
	}

}
