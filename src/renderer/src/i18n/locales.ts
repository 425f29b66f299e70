/** The languages of the kiosk; messages/<locale>.ts holds each one's texts. */
export const supportedLocales = ['en', 'de'] as const;
export type SupportedLocale = (typeof supportedLocales)[number];
