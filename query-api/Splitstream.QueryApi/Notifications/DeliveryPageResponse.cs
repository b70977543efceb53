namespace Splitstream.QueryApi.Notifications;

/// <summary>A page of a delivery log, newest first; <c>next</c> is the <c>before</c> of the following page.</summary>
public sealed record DeliveryPageResponse(IReadOnlyList<DeliveryResponse> Deliveries, string? Next);
