// Spanish strings of the second factor (docs/decisions/023): the login step, enrolment, recovery
// codes, the account page's section and the administrators' reset page (merged into es.ts under
// "secondFactor").
const esSecondFactor = {
  title: "Segundo factor",
  codeIntro: "Escribe el código de 6 dígitos que muestra ahora tu aplicación de autenticación para Minka.",
  code: "Código de 6 dígitos",
  codeHint: "Lo muestra tu aplicación de autenticación y cambia cada 30 segundos.",
  verify: "Verificar",
  recoveryTitle: "¿No tienes tu teléfono?",
  recoveryIntro: "Usa uno de los diez códigos de recuperación que guardaste al activar el segundo factor.",
  recoveryCode: "Código de recuperación",
  recoveryHint: "Por ejemplo abcd-efgh-ijkl-mnop. Cada código sirve una sola vez.",
  useRecovery: "Ingresar con un código de recuperación",
  lost: "Si perdiste tu aplicación y tus códigos de recuperación, pide a otra persona de la administración que restablezca tu segundo factor.",
  otherAccount: "Ingresar con otra cuenta",
  recovered_one: "Ingresaste con un código de recuperación. Te queda {{count}} código sin usar.",
  recovered_other: "Ingresaste con un código de recuperación. Te quedan {{count}} códigos sin usar.",
  recoveredLow: "Genera códigos nuevos desde «Mi cuenta» antes de que se te acaben.",
  continue: "Continuar",
  errors: {
    codeRequired: "Escribe el código de 6 dígitos.",
    codeShape: "El código tiene 6 dígitos, sin letras.",
    wrongCode:
      "Ese código no es correcto. Revisa que la hora de tu teléfono esté al día y escribe el código que muestra ahora.",
    reusedCode: "Ese código ya se usó. Espera a que tu aplicación muestre el siguiente y escríbelo.",
    recoveryRequired: "Escribe un código de recuperación.",
    wrongRecovery: "Ese código de recuperación no es válido o ya se usó.",
    tooManyAttempts: "Demasiados códigos incorrectos. Por seguridad, espera 15 minutos antes de intentarlo otra vez.",
    noEnrolment: "La activación se interrumpió. Empieza de nuevo.",
    alreadyEnrolled: "Ya tienes un segundo factor activado.",
  },
  enrol: {
    title: "Activa el segundo factor",
    adminIntro:
      "Las cuentas de administración necesitan un segundo factor: además de tu contraseña, al ingresar escribirás un código que cambia cada 30 segundos en una aplicación de autenticación de tu teléfono (por ejemplo FreeOTP, Aegis, Google Authenticator o Microsoft Authenticator).",
    intro:
      "Además de tu contraseña, al ingresar escribirás un código que cambia cada 30 segundos en una aplicación de autenticación de tu teléfono (por ejemplo FreeOTP, Aegis, Google Authenticator o Microsoft Authenticator).",
    scan: "1. Escanea este código QR con la aplicación, o escribe la clave a mano.",
    qrLabel: "Código QR para agregar tu cuenta de Minka a la aplicación de autenticación",
    secret: "Clave para escribir a mano (sin los espacios)",
    uri: "Enlace otpauth:// para aplicaciones que lo aceptan",
    confirmStep: "2. Escribe el código de 6 dígitos que muestra la aplicación, para confirmar que quedó bien.",
    confirm: "Activar el segundo factor",
    cancel: "Cancelar",
  },
  codes: {
    enabled: "El segundo factor quedó activado.",
    regenerated: "Generaste códigos de recuperación nuevos: los anteriores ya no sirven.",
    title: "Tus códigos de recuperación",
    intro:
      "Guárdalos en un lugar seguro (impresos o en un gestor de contraseñas). Cada uno sirve una vez para ingresar si no tienes tu teléfono. No los volveremos a mostrar.",
    continue: "Ya los guardé, continuar",
  },
  account: {
    on_one: "Activado. Te queda {{count}} código de recuperación sin usar.",
    on_other: "Activado. Te quedan {{count}} códigos de recuperación sin usar.",
    off: "No activado. Con un segundo factor, además de tu contraseña se te pedirá un código de tu teléfono al ingresar.",
    requiredNote:
      "Las cuentas de administración deben tener un segundo factor: no puedes desactivarlo mientras lo seas.",
    start: "Activar el segundo factor",
    newCodesTitle: "Códigos de recuperación nuevos",
    newCodesIntro:
      "Con un código actual de tu aplicación. Los códigos anteriores dejarán de servir y se cerrarán tus otras sesiones.",
    newCodesSubmit: "Generar códigos nuevos",
    turnOffTitle: "Desactivar el segundo factor",
    turnOffIntro: "Con un código actual de tu aplicación. Se cerrarán tus otras sesiones.",
    turnOffSubmit: "Desactivar el segundo factor",
    turnedOff: "Desactivaste el segundo factor.",
    mustKeep: "Mientras tengas un rol de administración no puedes desactivar el segundo factor.",
    resetLink: "Restablecer el segundo factor de otra persona",
  },
  reset: {
    title: "Restablecer un segundo factor",
    intro:
      "Cuando una persona pierde su aplicación de autenticación y sus códigos de recuperación, otra persona de la administración quita su segundo factor: se cierran todas sus sesiones y, si tiene un rol de administración, al volver a ingresar con su contraseña activará uno nuevo.",
    recordNote:
      "El restablecimiento queda en el registro público, con tu nombre, el de la persona y el motivo; nunca su correo.",
    email: "Correo de la persona",
    reason: "Motivo",
    reasonHint: "Se publica en el registro público: no escribas correos ni otros datos personales.",
    submit: "Restablecer el segundo factor",
    done_one: "Se restableció el segundo factor de {{name}} y se cerró {{count}} sesión suya.",
    done_other: "Se restableció el segundo factor de {{name}} y se cerraron {{count}} sesiones suyas.",
    notFound: "No hay ninguna cuenta con ese correo. No se cambió nada.",
    self: "No puedes restablecer tu propio segundo factor: pídeselo a otra persona de la administración.",
    noFactor: "Esa persona no tiene un segundo factor activado. No se cambió nada.",
    unverified: "Tu sesión no pasó por un segundo factor: activa el tuyo antes de restablecer el de otra persona.",
    reasonRequired: "Escribe el motivo.",
    reasonTooShort: "Explica el motivo en al menos 10 caracteres.",
    reasonTooLong: "El motivo puede tener hasta 500 caracteres.",
    reasonHasEmail: "El motivo se publica: quita la dirección de correo.",
  },
};

export default esSecondFactor;
