// Spanish strings of mail: the messages themselves, password recovery, address verification and
// the administrators' outbox page (merged into es.ts under "mail").
const esMail = {
  greeting: "Hola, {{name}}:",
  footer:
    "Este mensaje lo envió Minka, la plataforma de co-creación de los planes de gobierno abierto. Es un mensaje automático: no respondas a esta dirección.",
  verifyEmail: {
    subject: "Confirma tu correo en Minka",
    intro: "Gracias por crear tu cuenta en Minka. Confirma que este correo es tuyo con el botón:",
    action: "Confirmar mi correo",
    expiry: "El enlace funciona una sola vez durante 48 horas. Puedes pedir otro desde «Mi cuenta».",
    notYou: "Si no creaste una cuenta en Minka, ignora este mensaje.",
  },
  passwordReset: {
    subject: "Elige una nueva contraseña de Minka",
    intro: "Recibimos un pedido para elegir una nueva contraseña para tu cuenta en Minka.",
    action: "Elegir una nueva contraseña",
    expiry: "El enlace funciona una sola vez durante una hora. Al cambiarla, cerraremos todas tus sesiones.",
    notYou: "Si no lo pediste, ignora este mensaje: tu contraseña no cambia.",
  },
  forgot: {
    title: "Recuperar tu contraseña",
    intro: "Escribe el correo de tu cuenta. Te enviaremos un enlace para elegir una nueva contraseña.",
    submit: "Enviar el enlace",
    sent: "Si hay una cuenta con ese correo, te enviamos un enlace para elegir una nueva contraseña. Revisa tu bandeja de entrada (y la de correo no deseado). El enlace funciona durante una hora.",
    loginLink: "Volver a ingresar",
    link: "¿Olvidaste tu contraseña?",
  },
  reset: {
    title: "Elegir una nueva contraseña",
    intro: "Escribe tu nueva contraseña. Al guardarla cerraremos todas tus sesiones abiertas.",
    submit: "Guardar la nueva contraseña",
    done: "Tu contraseña fue cambiada y cerramos todas tus sesiones. Ingresa con la nueva contraseña.",
    unknownTitle: "Este enlace no es válido",
    unknown: "El enlace no corresponde a ningún pedido. Copia el enlace completo del mensaje o pide uno nuevo.",
    usedTitle: "Este enlace ya fue usado",
    used: "Cada enlace sirve una sola vez. Si necesitas cambiar tu contraseña otra vez, pide un enlace nuevo.",
    expiredTitle: "Este enlace venció",
    expired: "El enlace funcionaba durante una hora. Pide uno nuevo.",
    again: "Pedir un enlace nuevo",
  },
  verify: {
    title: "Confirmar tu correo",
    intro: "Confirma que este correo es tuyo para terminar de activar tu cuenta.",
    submit: "Confirmar mi correo",
    done: "¡Listo! Confirmamos tu correo.",
    unknownTitle: "Este enlace no es válido",
    unknown:
      "El enlace no corresponde a ningún pedido. Copia el enlace completo del mensaje o pide uno nuevo desde «Mi cuenta».",
    usedTitle: "Este enlace ya fue usado",
    used: "Cada enlace sirve una sola vez. Si tu correo aún no figura como confirmado, pide uno nuevo desde «Mi cuenta».",
    expiredTitle: "Este enlace venció",
    expired: "El enlace funcionaba durante 48 horas. Pide uno nuevo desde «Mi cuenta».",
    account: "Ir a mi cuenta",
  },
  account: {
    title: "Correo electrónico",
    verified: "Confirmaste tu correo el {{date}}.",
    unverified:
      "Aún no confirmaste tu correo. Te enviamos un enlace al crear tu cuenta; sin confirmarlo puedes participar igual, pero confirmarlo nos asegura que recibirás los avisos de tu cuenta.",
    resend: "Enviar otro enlace",
    resent: "Te enviamos un enlace nuevo a {{email}}.",
    alreadyVerified: "Tu correo ya está confirmado.",
  },
  outbox: {
    title: "Correo saliente",
    intro:
      "Cada mensaje pasa por esta bandeja antes de salir: se guarda su plantilla, sus datos y su destinatario, nunca el enlace que lleva ni el texto enviado.",
    statusSmtp: "El correo sale por el servidor SMTP configurado (SMTP_URL).",
    statusOutbox:
      "No hay un servidor SMTP configurado (SMTP_URL): en modo demostración o desarrollo los mensajes quedan aquí y puedes leerlos para seguir el flujo completo.",
    statusNotConfigured:
      "El correo no está configurado: falta SMTP_URL. Los mensajes esperan aquí y saldrán cuando se configure.",
    counts: "Pendientes: {{PENDING}} · Enviados: {{SENT}} · Fallidos: {{FAILED}} · Cancelados: {{CANCELLED}}",
    none: "Todavía no hay mensajes.",
    caption: "Últimos 100 mensajes, del más reciente al más antiguo",
    created: "Creado",
    template: "Mensaje",
    recipient: "Para",
    state: "Estado",
    attempts: "Intentos",
    actions: "Acciones",
    read: "Leer",
    retry: "Reintentar",
    nextAttempt: "próximo intento: {{date}}",
    sentAt: "enviado: {{date}}",
    statuses: {
      PENDING: "pendiente",
      SENT: "enviado",
      FAILED: "fallido",
      CANCELLED: "cancelado",
    },
    templates: {
      "verify-email": "Confirmación de correo",
      "password-reset": "Nueva contraseña",
    },
    readTitle: "Mensaje para {{recipient}}",
    subject: "Asunto",
    links: "Enlaces del mensaje",
    textBody: "Texto",
    htmlBody: "Versión HTML",
    notFound: "Ese mensaje ya no está pendiente.",
    nothingToSend: "Ese mensaje ya no tenía nada que enviar y fue cancelado.",
    notReadable: "Con SMTP configurado, o en producción, los mensajes no se leen aquí.",
    retried: "El mensaje volvió a la cola.",
  },
};

export default esMail;
