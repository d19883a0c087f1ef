import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { safeRedirect } from "~/accounts/forms.ts";
import { setUserLocale } from "~/accounts/users.server.ts";
import { isLocale } from "~/i18n.ts";
import { localeCookie } from "~/utils/locale.server.ts";

export async function loader() {
  return redirect("/");
}

/** Remembers the chosen language and returns to the page the switch was pressed on. */
export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const locale = formData.get("locale");
  if (!isLocale(locale)) throw new Response("Idioma no disponible / Unsupported language", { status: 400 });
  // The messages Minka sends a person are in the language they last chose.
  if (context.user) await setUserLocale(context.user.id, locale);
  return redirect(safeRedirect(formData.get("redirectTo")), {
    headers: { "Set-Cookie": localeCookie(locale, context.secure) },
  });
}
