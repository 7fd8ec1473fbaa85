package io.retailhub.mapping.salesforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailhub.model.CanonicalJson;
import io.retailhub.model.ServiceCase;

/**
 * Mirrors a service desk ticket as a Salesforce Case, so that the CRM shows the customer's open
 * issues. The case is keyed by the proposed external ID {@code Service_Desk_Ticket_Id__c} and
 * linked to the Contact through its golden ID. Salesforce's Case statuses are coarser than the
 * ticket's, so the mirror is one-way: the service desk stays the source of truth.
 */
public final class SalesforceCaseMapper {
  public static final String EXTERNAL_ID_FIELD = "Service_Desk_Ticket_Id__c";

  private SalesforceCaseMapper() {}

  public static String upsertPath(ServiceCase serviceCase) {
    return "sobjects/Case/" + EXTERNAL_ID_FIELD + "/" + serviceCase.ticketId();
  }

  public static ObjectNode toCaseUpsert(ServiceCase serviceCase) {
    ObjectNode body = CanonicalJson.mapper().createObjectNode();
    body.put("Subject", serviceCase.subject());
    SalesforceCustomerMapper.putIfPresent(body, "Description", serviceCase.description());
    body.put("Status", SalesforceCodes.CASE_STATUS.get(serviceCase.status()));
    if (serviceCase.priority() != null) {
      body.put("Priority", SalesforceCodes.CASE_PRIORITY.get(serviceCase.priority()));
    }
    body.put("Origin", "Service Desk");
    if (serviceCase.customerGoldenId() != null) {
      body.putObject("Contact")
          .put(SalesforceCustomerMapper.EXTERNAL_ID_FIELD, serviceCase.customerGoldenId());
    }
    return body;
  }
}
