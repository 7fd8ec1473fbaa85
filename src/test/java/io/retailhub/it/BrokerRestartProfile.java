package io.retailhub.it;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Marks the tests that stop and restart the shared Artemis broker. Quarkus runs test classes with a
 * profile after those without one, so these run last and on a freshly started hub: the other flows'
 * tests never share a JVM's JMS consumers with a broker restart (see the closing note on the
 * consumer stall observed after a restart).
 */
public class BrokerRestartProfile implements QuarkusTestProfile {}
