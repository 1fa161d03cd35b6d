import java.nio.file.Files;
import java.util.List;

import io.tokenmint.client.generated.ApiClient;
import io.tokenmint.client.generated.api.AuditApi;
import io.tokenmint.client.generated.api.ClientsApi;
import io.tokenmint.client.generated.api.PublicKeysApi;
import io.tokenmint.client.generated.api.TokensApi;
import io.tokenmint.client.generated.model.ClientRequest;
import io.tokenmint.client.generated.model.ClientView;
import io.tokenmint.client.generated.model.InstantTokenRequest;
import io.tokenmint.client.generated.model.IssuedToken;
import io.tokenmint.client.generated.model.JwkSet;
import io.tokenmint.client.generated.model.Page;
import io.tokenmint.client.generated.model.Report;
import io.tokenmint.client.generated.model.SdkUserTokenRequest;
import io.tokenmint.client.generated.model.TokenRequest;
import io.tokenmint.client.generated.model.VerifyRequest;

/**
 * The README's quickstart, written against the Java client openapi-generator makes of the live document (library
 * native), unpatched: GeneratedClientIT compiles it with that client and runs it. Arguments: base URL, admin key.
 */
public class Quickstart {

	public static void main(String[] args) throws Exception {
		String base = args[0];
		ApiClient admin = client(base, args[1]);
		ClientView created = new ClientsApi(admin).createClient(new ClientRequest().name("quickstart")
			.maxPermissions(List.of(ClientRequest.MaxPermissionsEnum.READ_DOCUMENT, ClientRequest.MaxPermissionsEnum.WRITE, ClientRequest.MaxPermissionsEnum.DOWNLOAD)).documents(List.of("*"))
			.profiles(List.of("instant", "moengage", "braze")));
		ApiClient backend = client(base, created.getApiKey());
		TokensApi tokens = new TokensApi(backend);

		IssuedToken instant = tokens.issueToken(new TokenRequest(new InstantTokenRequest().documentId("quickstart-doc").userId("alice")
			.permissions(List.of(InstantTokenRequest.PermissionsEnum.READ_DOCUMENT))));
		IssuedToken moengage = tokens.issueToken(new TokenRequest(new SdkUserTokenRequest().profile(SdkUserTokenRequest.ProfileEnum.MOENGAGE)
			.userId("alice")));
		IssuedToken braze = tokens.issueToken(new TokenRequest(new SdkUserTokenRequest().profile(SdkUserTokenRequest.ProfileEnum.BRAZE)
			.userId("alice")));

		Report report = tokens.verifyToken(new VerifyRequest().token(instant.getToken()));
		check(Boolean.TRUE.equals(report.getValid()), "the instant token verifies: " + report);

		PublicKeysApi keys = new PublicKeysApi(anonymous(base));
		JwkSet jwks = keys.getJwks();
		check(jwks.getKeys().stream().anyMatch(jwk -> jwk.getKid().equals(instant.getKid())), "the JWKS holds the signing key");
		String pem = Files.readString(keys.getCurrentKeyPem().toPath());
		check(pem.startsWith("-----BEGIN PUBLIC KEY-----"), "a PEM: " + pem);

		AuditApi audit = new AuditApi(admin);
		Page page = audit.listAuditRecords("token", null, null, null, null, null, 10, null);
		check(page.getItems().size() >= 3, "an audit page with the three tokens: " + page.getItems().size());
		String export = Files.readString(audit.exportAuditRecords("token", null, null, null, null, null).toPath());
		check(export.lines().count() >= 3, "the export, one record a line");

		System.out.println("QUICKSTART OK " + String.join(" ", instant.getKid(), moengage.getKid(), braze.getKid()));
	}

	private static ApiClient client(String base, String key) {
		ApiClient client = new ApiClient();
		client.updateBaseUri(base);
		client.setRequestInterceptor(request -> request.header("X-Api-Key", key));
		return client;
	}

	/** The public keys need no key. */
	private static ApiClient anonymous(String base) {
		ApiClient client = new ApiClient();
		client.updateBaseUri(base);
		return client;
	}

	private static void check(boolean condition, String what) {
		if (!condition) {
			throw new AssertionError(what);
		}
	}

}
