package io.retailhub.sandbox.erp;

import io.retailhub.sandbox.support.SimulatorServer.HttpProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SAP Gateway error bodies: {@code {"error":{"code","message":{"lang","value"},"innererror":{
 * "errordetails":[...]}}}}. Message classes and numbers are chosen by the simulator to look like
 * SAP's (V1 = sales, VL = delivery); they are not SAP's real message numbers.
 */
final class ErpErrors {

  private ErpErrors() {}

  static HttpProblem problem(int status, String code, String message) {
    return new HttpProblem(status, body(code, message));
  }

  static Map<String, Object> body(String code, String message) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("code", code);
    detail.put("message", message);
    detail.put("propertyref", "");
    detail.put("severity", "error");
    detail.put("target", "");
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", Map.of("lang", "en", "value", message));
    error.put(
        "innererror",
        Map.of(
            "application",
            Map.of("component_id", "SD-SLS-API", "service_namespace", "/SAP/"),
            "transactionid",
            java.util.UUID.randomUUID().toString().replace("-", "").toUpperCase(),
            "errordetails",
            List.of(detail)));
    return Map.of("error", error);
  }
}
