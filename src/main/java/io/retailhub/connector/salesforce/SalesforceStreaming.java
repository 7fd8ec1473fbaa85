package io.retailhub.connector.salesforce;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code salesforce-streaming:} component: camel-salesforce for the Streaming API (CometD
 * Change Data Capture consumers) only. It exists beside the shared {@code salesforce:} component
 * because camel-salesforce refuses consumers on a lazy-login component, while the REST producers
 * keep lazy login so the hub starts without Salesforce. Same org, same connected app.
 */
@ApplicationScoped
public class SalesforceStreaming {
  public static final String COMPONENT = "salesforce-streaming";

  @Produces
  @ApplicationScoped
  @Named(COMPONENT)
  @Unremovable
  SalesforceComponent streamingComponent(
      @ConfigProperty(name = "hub.salesforce.login-url") String loginUrl,
      @ConfigProperty(name = "hub.salesforce.client-id", defaultValue = "") String clientId,
      @ConfigProperty(name = "hub.salesforce.client-secret", defaultValue = "") String secret,
      @ConfigProperty(name = "hub.salesforce.api-version") String apiVersion) {
    SalesforceComponent component = new SalesforceComponent();
    component.setLoginUrl(loginUrl);
    component.setClientId(clientId);
    component.setClientSecret(secret);
    component.setAuthenticationType(AuthenticationType.CLIENT_CREDENTIALS);
    SalesforceEndpointConfig config = new SalesforceEndpointConfig();
    config.setApiVersion(apiVersion);
    component.setConfig(config);
    component.setLazyLogin(false);
    return component;
  }
}
