package io.retailhub.api.orders;

import io.retailhub.ops.orders.PendingErpOrders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.apache.camel.Processor;

/**
 * The Java steps of the order flows as named processors, so that the YAML calls each one as an
 * endpoint ({@code to: {uri: bean:orderValidate}}) in the canonical notation, one name per step.
 */
@ApplicationScoped
public class OrderSteps {

  @Produces
  @Named("orderRequireIdempotencyKey")
  Processor requireIdempotencyKey(OrderIntake intake) {
    return intake::requireIdempotencyKey;
  }

  @Produces
  @Named("orderClaimIdempotencyKey")
  Processor claimIdempotencyKey(OrderIntake intake) {
    return intake::claimIdempotencyKey;
  }

  @Produces
  @Named("orderValidate")
  Processor validate(OrderIntake intake) {
    return intake::validate;
  }

  @Produces
  @Named("orderAvailabilityRequests")
  Processor availabilityRequests(OrderIntake intake) {
    return exchange -> exchange.getMessage().setBody(intake.availabilityRequests(exchange));
  }

  @Produces
  @Named("orderCheckLineAvailability")
  Processor checkLineAvailability(OrderAvailability availability) {
    return exchange ->
        exchange
            .getMessage()
            .setBody(
                availability.check(
                    exchange.getMessage().getBody(OrderAvailability.LineRequest.class)));
  }

  @Produces
  @Named("orderAnswerShortage")
  Processor answerShortage(OrderIntake intake) {
    return intake::answerShortage;
  }

  @Produces
  @Named("orderCreateInErp")
  Processor createInErp(OrderIntake intake) {
    return exchange -> exchange.getMessage().setBody(intake.createInErp(exchange));
  }

  @Produces
  @Named("orderAnswerErpOutcome")
  Processor answerErpOutcome(OrderIntake intake) {
    return intake::answerErpOutcome;
  }

  @Produces
  @Named("orderPreparePendingErp")
  Processor preparePendingErp(OrderIntake intake) {
    return intake::preparePendingErp;
  }

  @Produces
  @Named("orderAnswerPending")
  Processor answerPending(OrderIntake intake) {
    return intake::answerPending;
  }

  @Produces
  @Named("orderReleaseOnFailure")
  Processor releaseOnFailure(OrderIntake intake) {
    return intake::releaseOnFailure;
  }

  @Produces
  @Named("orderGet")
  Processor get(OrderQueries queries) {
    return queries::getOrder;
  }

  @Produces
  @Named("orderPurgeExpiredKeys")
  Processor purgeExpiredKeys(OrderStore store) {
    return exchange -> store.purgeExpiredKeys();
  }

  @Produces
  @Named("orderResubmitPendingErp")
  Processor resubmitPendingErp(PendingErpOrders pending) {
    return pending::resubmit;
  }

  @Produces
  @Named("orderLogPendingErp")
  Processor logPendingErp(PendingErpOrders pending) {
    return exchange -> pending.logWaiting();
  }
}
