export type { Click, ClickType, ClickV1 } from './click.ts';
export { CLICK_TYPES, isClickType } from './click.ts';
export type { AddedToCart, CheckoutStarted, ClickstreamEvent, ProductViewed } from './click-event.ts';
export { clickEventId, isClickstreamEvent, toClickEvent } from './click-event.ts';
export { productViewedV1ToV2, UNKNOWN_DEVICE } from './upcasters.ts';
