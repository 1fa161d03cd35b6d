package io.tokenmint.token;

import java.util.LinkedHashSet;
import java.util.Set;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Schema;

import io.tokenmint.profile.TokenProfile;
import io.tokenmint.profile.TokenProfiles;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code TokenRequest} schema of the OpenAPI document: one of the request shapes of the profiles offered. */
@Configuration(proxyBeanMethods = false)
class TokenRequestSchemas {

	@Bean
	OpenApiCustomizer tokenRequestSchema(TokenProfiles profiles) {
		return openApi -> {
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			Set<Class<?>> shapes = new LinkedHashSet<>();
			profiles.names().forEach(name -> profiles.find(name).map(TokenProfile::requestSchema).ifPresent(shapes::add));
			Schema<Object> request = new Schema<>();
			request.description("Fields depend on the profile the request names (default: " + profiles.defaultProfile() + ")");
			for (Class<?> shape : shapes) {
				ModelConverters.getInstance().read(shape).forEach((name, schema) -> {
					openApi.getComponents().addSchemas(name, schema);
					request.addOneOfItem(new Schema<>().$ref("#/components/schemas/" + name));
				});
			}
			openApi.getComponents().addSchemas("TokenRequest", request);
		};
	}

}
