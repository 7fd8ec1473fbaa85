package io.retailhub.connector.salesforce;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.internal.streaming.SubscriptionHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The {@code salesforce-streaming:} component: camel-salesforce for the Streaming API (CometD
 * Change Data Capture consumers) only. It exists beside the shared {@code salesforce:} component
 * because camel-salesforce refuses consumers on a lazy-login component, while the REST producers
 * keep lazy login so the hub starts without Salesforce. Same org, same connected app.
 *
 * <p>Its consumers log in when they start, not the component: a component that cannot log in fails
 * the whole Camel context, and so a Salesforce outage at startup stopped the hub. A consumer that
 * cannot log in fails only its route, which the supervising route controller starts again with
 * back-off ({@code camel.routecontroller.*}).
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
    SalesforceComponent component = new LoginWhenConsumersStart();
    component.setLoginUrl(loginUrl);
    component.setClientId(clientId);
    component.setClientSecret(secret);
    component.setAuthenticationType(AuthenticationType.CLIENT_CREDENTIALS);
    SalesforceEndpointConfig config = new SalesforceEndpointConfig();
    config.setApiVersion(apiVersion);
    component.setConfig(config);
    return component;
  }

  /**
   * Starts without a session and without its subscription helper, which camel-salesforce would
   * otherwise start, and log in, inside the component's own start. The first consumer starts the
   * helper, which logs in then (lazy login is off once the component has started) and fails only
   * that consumer's route if it cannot.
   */
  static final class LoginWhenConsumersStart extends SalesforceComponent {
    private SubscriptionHelper subscriptions;

    LoginWhenConsumersStart() {
      setLazyLogin(true);
    }

    @Override
    public synchronized SubscriptionHelper getSubscriptionHelper() {
      if (subscriptions == null) {
        subscriptions = new SubscriptionHelper(this);
      }
      return subscriptions;
    }

    @Override
    protected void doStart() throws Exception {
      super.doStart();
      getLoginConfig().setLazyLogin(false);
    }

    @Override
    protected void doStop() throws Exception {
      ServiceHelper.stopService(subscriptions);
      super.doStop();
    }
  }
}
