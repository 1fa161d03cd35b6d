package io.tokenmint.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;

import io.tokenmint.problem.ProblemCode;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3.1 document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}), written for the tools
 * integrators meet it through: generated clients and validating gateways. Each operation is named for the people
 * calling it, says who may call it (nobody needs a key for the public keys), and lists the statuses it can answer
 * with a typed problem body; the public keys are typed as PEM, a JWK Set and NDJSON rather than as Spring's types.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String API_KEY = "apiKey";

	static final String BEARER = "bearer";

	private static final String PROBLEM = "#/components/schemas/Problem";

	/** What an operation is called, where it is listed, and in a line what it does. */
	record Named(String operationId, String tag, String summary) {
	}

	/** Every operation by method and path; {@code OpenApiTests} fails on one left out. */
	static final Map<String, Named> OPERATIONS = Map.ofEntries(
			Map.entry("POST /tokens", new Named("issueToken", "Tokens", "Issue a token")),
			Map.entry("POST /tokens/verify", new Named("verifyToken", "Tokens", "Check a token as its consumer would")),
			Map.entry("GET /.well-known/jwks.json", new Named("getJwks", "Public keys", "Every published public key, as a JWK Set")),
			Map.entry("GET /keys/current.pem", new Named("getCurrentKeyPem", "Public keys", "The key signing the default profile's tokens, as PEM")),
			Map.entry("GET /keys/profiles/{profile}.pem", new Named("getProfileKeyPem", "Public keys", "The key signing one profile's tokens, as PEM")),
			Map.entry("GET /keys/{kid}.pem", new Named("getKeyPem", "Public keys", "A published key by kid, as PEM")),
			Map.entry("GET /admin/keys", new Named("listKeys", "Keys", "Every signing key, its state and its deliveries")),
			Map.entry("POST /admin/keys/{kid}/activate", new Named("activateKey", "Keys", "Make a published key the one that signs")),
			Map.entry("POST /admin/keys/{kid}/retire", new Named("retireKey", "Keys", "Retire a published key")),
			Map.entry("POST /admin/keys/rotate", new Named("rotateKeys", "Keys", "Rotate a line of managed keys, or replace a leaked key at once")),
			Map.entry("GET /admin/clients", new Named("listClients", "Clients", "Every API client")),
			Map.entry("POST /admin/clients", new Named("createClient", "Clients", "Create an API client and its key")),
			Map.entry("GET /admin/clients/{id}", new Named("getClient", "Clients", "One API client")),
			Map.entry("PATCH /admin/clients/{id}", new Named("updateClient", "Clients", "Change a client's scope; its key stays")),
			Map.entry("DELETE /admin/clients/{id}", new Named("revokeClient", "Clients", "Revoke an API client; its key stops working at once")),
			Map.entry("POST /admin/clients/{id}/key", new Named("replaceClientKey", "Clients", "Replace a client's API key")),
			Map.entry("GET /admin/grants", new Named("listGrants", "Grants", "Every grant to signed-in users")),
			Map.entry("POST /admin/grants", new Named("createGrant", "Grants", "Grant signed-in users tokens for documents")),
			Map.entry("GET /admin/grants/{id}", new Named("getGrant", "Grants", "One grant")),
			Map.entry("DELETE /admin/grants/{id}", new Named("deleteGrant", "Grants", "Delete a grant")),
			Map.entry("GET /admin/consumers", new Named("listConsumers", "Consumers", "Every key consumer")),
			Map.entry("POST /admin/consumers", new Named("registerConsumer", "Consumers", "Register a Document Engine or webhook to deliver keys to")),
			Map.entry("GET /admin/consumers/{id}", new Named("getConsumer", "Consumers", "One key consumer")),
			Map.entry("DELETE /admin/consumers/{id}", new Named("deleteConsumer", "Consumers", "Stop delivering keys to a consumer")),
			Map.entry("GET /admin/audit", new Named("listAuditRecords", "Audit", "A page of audit records, newest first")),
			Map.entry("GET /admin/audit/export", new Named("exportAuditRecords", "Audit", "Every matching audit record, as NDJSON")),
			Map.entry("POST /admin/backup", new Named("backupDatabase", "Operations", "An online backup of the embedded database, as a zip")),
			Map.entry("POST /bench/ladder/authenticated", new Named("benchAuthenticated", "Benchmark", "Benchmark rung: authentication only")),
			Map.entry("POST /bench/ladder/json", new Named("benchJson", "Benchmark", "Benchmark rung: the request read")),
			Map.entry("POST /bench/ladder/decided", new Named("benchDecided", "Benchmark", "Benchmark rung: the decision made")),
			Map.entry("POST /bench/ladder/signed", new Named("benchSigned", "Benchmark", "Benchmark rung: the token signed")));

	private static final Map<String, String> TAGS = new LinkedHashMap<>();

	static {
		TAGS.put("Tokens", "Issuing tokens, and checking one as its consumer would");
		TAGS.put("Public keys", "What verifiers and consumers' dashboards take; no key needed");
		TAGS.put("Keys", "Signing keys' states, activation and rotation (admin key)");
		TAGS.put("Clients", "API clients: backends that issue tokens on behalf of their users (admin key)");
		TAGS.put("Grants", "Which signed-in users may get tokens for which documents (admin key)");
		TAGS.put("Consumers", "Where new public keys are delivered before they sign (admin key)");
		TAGS.put("Audit", "The durable record of what was issued, refused and changed (admin key)");
		TAGS.put("Operations", "Running the service: backups of the embedded database (admin key)");
		TAGS.put("Benchmark", "Only with the bench profile: the cost of each step of a request");
	}

	@Bean
	OpenAPI tokenmintOpenApi(ObjectProvider<BuildProperties> build) {
		String version = build.getIfAvailable() == null ? "dev" : build.getIfAvailable().getVersion();
		return new OpenAPI()
			.info(new Info().title("tokenmint").version(version)
				.description("Issues signed JWTs for Nutrient Document Engine, MoEngage, Braze and custom consumers. "
						+ "Errors are RFC 9457 problems with a stable `code` (docs/api.md)."))
			.tags(TAGS.entrySet().stream().map(tag -> new Tag().name(tag.getKey()).description(tag.getValue())).toList())
			.components(new Components()
				.addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
					.name("X-Api-Key").description("An API client's key, or the admin key for /admin/** and /actuator/**"))
				.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
					.description("A signed-in user's token from the app's identity provider (POST /tokens only)")));
	}

	/** RFC 9457, with the members tokenmint adds. {@code code} is open: a client must expect codes added later. */
	private static Schema<?> problem() {
		String known = String.join(", ", Arrays.stream(ProblemCode.values()).map(Enum::name).toList());
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().format("uri").description("urn:tokenmint:problem:<code in kebab case>"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema().format("int32"))
			.addProperty("detail", new StringSchema().description("What went wrong and how to fix it, in words; never a secret"))
			.addProperty("instance", new StringSchema().format("uri-reference"))
			.addProperty("code", new StringSchema().example("FIELD_REQUIRED").description("Stable machine-readable error code (docs/api.md). "
					+ "Open-ended: new codes are added in minor releases, so treat an unknown one by its status. Known now: " + known))
			.addProperty("request_id", new StringSchema().description("Names this request in tokenmint's logs"))
			.addProperty("pointer", new StringSchema().description("JSON Pointer to the first offending value"))
			.addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/Violation"))
				.description("Every offending value, at most 20"))
			.addProperty("errors_omitted", new IntegerSchema().format("int32").description("How many more there were than errors lists"))
			.required(List.of("type", "title", "status", "code", "request_id"));
	}

	private static Schema<?> violation() {
		return new ObjectSchema().addProperty("code", new StringSchema().description("An error code, open-ended as the problem's"))
			.addProperty("pointer", new StringSchema().description("JSON Pointer to the value"))
			.addProperty("detail", new StringSchema())
			.required(List.of("code", "pointer", "detail"));
	}

	private static Schema<?> jwkSet() {
		return new ObjectSchema().description("RFC 7517 JWK Set: every key verifiers should trust now")
			.addProperty("keys", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/Jwk")))
			.required(List.of("keys"));
	}

	private static Schema<?> jwk() {
		return new ObjectSchema().description("RFC 7517 public JWK: RSA (n, e) or EC (crv, x, y)")
			.addProperty("kty", new StringSchema()._enum(List.of("RSA", "EC")))
			.addProperty("kid", new StringSchema())
			.addProperty("use", new StringSchema()._enum(List.of("sig")))
			.addProperty("alg", new StringSchema().description("RS256, RS512, ES256 or ES512"))
			.addProperty("n", new StringSchema().description("RSA modulus, base64url"))
			.addProperty("e", new StringSchema().description("RSA exponent, base64url"))
			.addProperty("crv", new StringSchema().description("P-256 or P-521"))
			.addProperty("x", new StringSchema().description("EC x coordinate, base64url"))
			.addProperty("y", new StringSchema().description("EC y coordinate, base64url"))
			.required(List.of("kty", "kid", "use", "alg"));
	}

	@Bean
	OpenApiCustomizer operationConventions() {
		return openApi -> {
			// Added here, with the references to them: springdoc drops schemas nothing refers to before customizers run.
			openApi.getComponents()
				.addSchemas("Problem", problem())
				.addSchemas("Violation", violation())
				.addSchemas("JwkSet", jwkSet())
				.addSchemas("Jwk", jwk());
			openApi.setSecurity(null);
			if (openApi.getComponents().getSchemas() != null) {
				// Spring's type for a streamed answer says nothing about the records; the export declares NDJSON instead.
				openApi.getComponents().getSchemas().remove("StreamingResponseBody");
			}
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				Named named = OPERATIONS.get(method.name() + " " + path);
				if (named != null) {
					operation.setOperationId(named.operationId());
					operation.setTags(List.of(named.tag()));
					if (operation.getSummary() == null) {
						operation.setSummary(named.summary());
					}
				}
				boolean open = isPublic(method, path);
				operation.setSecurity(security(path, open));
				declareMediaTypes(path, operation);
				declareStatuses(method, path, operation, open);
			}));
		};
	}

	/** The public keys: whoever verifies tokens fetches them, without a key. */
	static boolean isPublic(PathItem.HttpMethod method, String path) {
		return method == PathItem.HttpMethod.GET && (path.equals("/.well-known/jwks.json") || path.startsWith("/keys/"));
	}

	/** None for the public keys; an API key or a user's token for {@code POST /tokens}; an API key for the rest. */
	private static List<SecurityRequirement> security(String path, boolean open) {
		if (open) {
			return List.of();
		}
		if (path.equals("/tokens")) {
			// Alternatives: one or the other, never both (400 AMBIGUOUS_CREDENTIALS).
			return List.of(new SecurityRequirement().addList(API_KEY), new SecurityRequirement().addList(BEARER));
		}
		return List.of(new SecurityRequirement().addList(API_KEY));
	}

	private static void declareMediaTypes(String path, Operation operation) {
		ApiResponse ok = operation.getResponses() == null ? null : operation.getResponses().get("200");
		if (ok == null) {
			return;
		}
		// Text that is not JSON is declared binary: openapi-generator's Java client JSON-parses every "string" answer.
		if (path.endsWith(".pem")) {
			ok.description("SPKI public key, PEM (-----BEGIN PUBLIC KEY-----); X-Key-Id names the key")
				.content(new Content().addMediaType("application/x-pem-file", new MediaType().schema(new StringSchema().format("binary"))));
		}
		else if (path.equals("/.well-known/jwks.json")) {
			ok.description("The JWK Set").content(new Content().addMediaType("application/json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/JwkSet"))));
		}
		else if (path.equals("/admin/backup")) {
			ok.description("The embedded database (H2) as a zip of its file, as of one committed state; Content-Disposition names it")
				.content(new Content().addMediaType("application/zip", new MediaType().schema(new StringSchema().format("binary"))));
		}
		else if (path.equals("/admin/audit/export")) {
			ok.description("One AuditRecord as JSON per line (newline-delimited JSON), oldest first, streamed")
				.content(new Content().addMediaType("application/x-ndjson", new MediaType().schema(new StringSchema().format("binary"))));
		}
	}

	/**
	 * The problems an operation can answer, from what it takes: a body can be malformed, too large or of another
	 * media type; a parameter malformed; a path parameter name nothing; a caller unknown or not allowed; anyone
	 * can be rate limited or meet a database outage; the key steps can meet a state that forbids them.
	 */
	private static void declareStatuses(PathItem.HttpMethod method, String path, Operation operation, boolean open) {
		ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
		Map<String, String> problems = new TreeMap<>();
		List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
		boolean body = operation.getRequestBody() != null;
		// Malformed headers or both kinds of credentials are refused on any operation, not only a body or a parameter.
		problems.put("400", "The request is malformed or a value is invalid; errors lists each");
		if (body) {
			problems.put("413", "The body is over 64 KiB");
			problems.put("415", "The body is not application/json (or is content-encoded)");
		}
		if (parameters.stream().anyMatch(parameter -> "path".equals(parameter.getIn()))) {
			problems.put("404", "Nothing by that name");
		}
		if (!open) {
			problems.put("401", "No credentials, or unknown ones");
			problems.put("403", "These credentials do not allow this request");
		}
		if (path.startsWith("/admin/keys/") || path.equals("/admin/consumers") && method == PathItem.HttpMethod.POST) {
			problems.put("409", "The key's state, or another replica's step, does not allow this now; the detail says what it is now");
		}
		if (path.equals("/admin/backup")) {
			problems.put("409", "The service runs on PostgreSQL, which is backed up with its own tools (BACKUP_NOT_EMBEDDED)");
		}
		problems.put("406", "None of the media types the Accept header names can be answered");
		problems.put("429", "Rate limited; Retry-After says when to try again");
		problems.put("500", "Something went wrong on tokenmint's side; request_id finds it in the logs");
		problems.put("503", "The database or a signing key is unavailable; nothing was issued; Retry-After says when to try again");
		problems.forEach((status, description) -> {
			if (!responses.containsKey(status)) {
				responses.addApiResponse(status, new ApiResponse().description(description)
					.content(new Content().addMediaType("application/problem+json", new MediaType().schema(new Schema<>().$ref(PROBLEM)))));
			}
		});
		// Springdoc adds answers from the advice's exception handlers to every operation; keep only those that can happen.
		new ArrayList<>(responses.keySet()).stream()
			.filter(status -> status.startsWith("4") || status.startsWith("5"))
			.filter(status -> !problems.containsKey(status))
			.forEach(responses::remove);
		operation.setResponses(responses);
	}

}
