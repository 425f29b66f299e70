import { createI18n } from 'vue-i18n';
import { de } from './messages/de';
import { en, type MessageSchema } from './messages/en';
import type { SupportedLocale } from './locales';

/** vue-i18n in composition mode with the kiosk's two languages; English fills any gap. */
export function createKioskI18n(locale: SupportedLocale = 'en') {
  return createI18n<[MessageSchema], SupportedLocale>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, de },
  });
}
