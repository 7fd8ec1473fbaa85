package io.retailhub.api.security;

/**
 * The roles (OAuth scopes) a caller's token can carry. Each grants one kind of access to one group
 * of APIs; nothing grants more than one. {@link HubAccessPolicy} maps requests to them.
 */
public final class HubRoles {
  public static final String INVENTORY_READ = "inventory:read";
  public static final String ORDERS_WRITE = "orders:write";
  public static final String ORDERS_READ = "orders:read";
  public static final String CUSTOMERS_READ = "customers:read";
  public static final String SERVICE_READ = "service:read";
  public static final String OPS_READ = "ops:read";
  public static final String OPS_REPLAY = "ops:replay";
  public static final String OPS_ADMIN = "ops:admin";

  private HubRoles() {}
}
