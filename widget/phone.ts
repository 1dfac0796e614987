/**
 * Whether the page is phone-sized: the width at which widget.css turns the floating panel into a
 * bottom sheet over the page. The sheet then never opens by itself and, opened, is a modal dialog.
 */
export const isPhone = (): boolean => matchMedia('(max-width: 480px)').matches;
