package io.tokenmint.token;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

import io.tokenmint.document.Permission;
import io.tokenmint.profile.TokenProfile;
import io.tokenmint.profile.TokenProfiles;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code TokenRequest} schema of the OpenAPI document: exactly one of the request shapes of the profiles
 * offered, told apart by {@code profile}. Each shape names its profiles in an enum, and requires {@code profile}
 * unless the default profile is among them, so that a request without it matches the default's shape alone. The
 * built-in shapes are closed, as the service refuses unknown fields; a custom profile's fields are configuration.
 */
@Configuration(proxyBeanMethods = false)
class TokenRequestSchemas {

	private static final String PROFILE = "profile";

	@Bean
	OpenApiCustomizer tokenRequestSchema(TokenProfiles profiles) {
		return openApi -> {
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			Map<Class<?>, List<String>> byShape = new LinkedHashMap<>();
			profiles.names().forEach(name -> profiles.find(name).map(TokenProfile::requestSchema)
				.ifPresent(shape -> byShape.computeIfAbsent(shape, key -> new ArrayList<>()).add(name)));
			openApi.getComponents().addSchemas("Permissions", permissions());
			Schema<Object> request = new Schema<>();
			request.description("The fields of the profile the request names in profile (default: " + profiles.defaultProfile()
					+ "); docs/api.md and docs/profiles.md");
			byShape.forEach((shape, names) -> ModelConverters.getInstance().read(shape).forEach((schemaName, schema) -> {
				shape(schemaName, schema, names, profiles.defaultProfile());
				openApi.getComponents().addSchemas(schemaName, schema);
				request.addOneOfItem(new Schema<>().$ref("#/components/schemas/" + schemaName));
			}));
			openApi.getComponents().addSchemas("TokenRequest", request);
		};
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void shape(String name, Schema schema, List<String> names, String defaultProfile) {
		Map<String, Schema> properties = schema.getProperties();
		if (properties == null) {
			return;
		}
		Schema profile = new StringSchema()._enum(names).description(names.contains(defaultProfile)
				? String.join(" or ", names) + "; may be left out for " + defaultProfile + ", the default profile" : String.join(" or ", names));
		properties.put(PROFILE, profile);
		List<String> required = schema.getRequired() == null ? new ArrayList<>() : new ArrayList<>(schema.getRequired());
		required.remove(PROFILE);
		if (!names.contains(defaultProfile)) {
			required.add(0, PROFILE);
		}
		schema.setRequired(required.isEmpty() ? null : required);
		if (properties.containsKey("permissions")) {
			properties.put("permissions", new Schema<>().$ref("#/components/schemas/Permissions"));
		}
		if (!"CustomTokenRequest".equals(name)) {
			schema.setAdditionalProperties(false);
		}
	}

	/**
	 * An array only, though the service also takes the string {@code "all"} (as {@code ["all"]}): openapi-generator's
	 * Java client cannot be compiled from a oneOf of a string and an array ({@code List<String>.class}), named or
	 * not, and reduces a schema of both types to the string alone. So the document offers the one form every
	 * generated client can send, and a gateway that validates against it lets through everything it describes.
	 */
	private static Schema<?> permissions() {
		List<String> names = new ArrayList<>(Permission.claimNames());
		names.add("all");
		return new io.swagger.v3.oas.models.media.ArraySchema().minItems(1).items(new StringSchema()._enum(names))
			.description("Permission names; [\"all\"] for all of them. Left out: the most the caller may grant. An empty array is "
					+ "refused (PERMISSIONS_EMPTY) rather than read as everything");
	}

	/** Every request that names permissions, not only the token request's shapes. */
	@Bean
	OpenApiCustomizer permissionsSchema() {
		return openApi -> {
			var schemas = openApi.getComponents().getSchemas();
			Map.of("ClientRequest", "max_permissions", "GrantRequest", "permissions").forEach((schema, property) -> {
				if (schemas.get(schema) != null && schemas.get(schema).getProperties() != null
						&& schemas.get(schema).getProperties().containsKey(property)) {
					schemas.get(schema).getProperties().put(property, new Schema<>().$ref("#/components/schemas/Permissions"));
				}
			});
		};
	}

}
