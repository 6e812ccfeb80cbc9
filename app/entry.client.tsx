import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { RequestInfoContext } from "#app/components/request-info.tsx";
import { defaultLocale, i18nOptions, isLocale } from "#app/i18n/config.ts";

async function hydrate() {
  const lang = document.documentElement.lang;
  await i18next.use(initReactI18next).init({ ...i18nOptions, lng: isLocale(lang) ? lang : defaultLocale });
  const requestId = document.querySelector<HTMLMetaElement>('meta[name="request-id"]')?.content;
  startTransition(() => {
    hydrateRoot(
      document,
      <RequestInfoContext.Provider value={{ requestId }}>
        <I18nextProvider i18n={i18next}>
          <StrictMode>
            <RemixBrowser />
          </StrictMode>
        </I18nextProvider>
      </RequestInfoContext.Provider>,
    );
  });
}

void hydrate();
