// Spanish strings of personal-data rights, account deletion, community rules and error pages
// (merged into es.ts under "trust").
const esTrust = {
  myData: {
    title: "Mis datos",
    intro:
      "Descarga todo lo que Minka guarda sobre ti: tu perfil, tus organizaciones, tus consentimientos, tus sesiones (sin sus claves), lo que escribiste en los borradores, las versiones que guardaste, tu actividad y tus actos en el registro público. Es tu derecho de acceso (Ley N.º 29733).",
    link: "Descargar mis datos",
    confirmTitle: "Confirma que eres tú",
    confirmIntro:
      "Para proteger tus datos, vuelve a escribir tu contraseña. Lo pedimos si ingresaste hace más de 10 minutos.",
    confirmSubmit: "Confirmar",
    prepareIntro: "Prepararemos un enlace de descarga que funciona durante 15 minutos, solo para ti.",
    prepareSubmit: "Preparar la descarga",
    ready: "Tu descarga está lista. Los enlaces caducan a las {{time}}.",
    downloadJson: "Descargar en JSON",
    downloadCsv: "Descargar en CSV (hoja de cálculo)",
    expired: "Ese enlace de descarga caducó. Prepara uno nuevo.",
    refused: "Ese enlace de descarga no es tuyo o no existe.",
    backToAccount: "Volver a mi cuenta",
  },
  deletion: {
    title: "Eliminar mi cuenta",
    intro:
      "Si eliminas tu cuenta, borramos tu nombre, tu correo, tu contraseña y tu territorio, te retiramos de tus organizaciones y cerramos todas tus sesiones. Lo que publicaste se mantiene, firmado como «participante eliminado», y el registro público sigue verificándose. Esto no se puede deshacer.",
    confirm: "Entiendo que mi cuenta se eliminará para siempre.",
    confirmRequired: "Marca la casilla para confirmar.",
    submit: "Eliminar mi cuenta",
    done: "Tu cuenta fue eliminada. Gracias por participar.",
  },
  reauth: {
    password: "Tu contraseña actual",
    wrongPassword: "La contraseña no es correcta.",
  },
  rules: {
    title: "Normas de la comunidad",
    intro:
      "Minka es un espacio para co-crear políticas públicas entre personas que piensan distinto. Estas normas cuidan que la conversación sea útil y segura para todas y todos.",
    items: {
      respect: {
        title: "Respeta a las personas",
        body: "Debate ideas, no ataques a personas. No se permiten insultos, acoso, amenazas ni discursos de odio o discriminación.",
      },
      relevance: {
        title: "Mantente en el tema",
        body: "Tus aportes deben tratar sobre el plan, el compromiso o la sesión donde los publicas. La publicidad y el spam se retiran.",
      },
      privacy: {
        title: "Cuida los datos personales",
        body: "No publiques datos personales de otras personas (documentos, teléfonos, direcciones, correos) ni información reservada.",
      },
      truth: {
        title: "Sé veraz",
        body: "Cita tus fuentes cuando afirmes hechos. No suplantes a otras personas ni a instituciones.",
      },
      legality: {
        title: "Respeta la ley",
        body: "No publiques contenido ilegal ni que infrinja derechos de autor.",
      },
    },
    moderationTitle: "Cómo moderamos",
    moderationBody:
      "Cualquier persona puede reportar un aporte. El equipo moderador puede ocultar un contenido que incumpla estas normas, siempre con un motivo; la decisión y su motivo quedan en el registro público, y el contenido puede restaurarse.",
    privacyLink: "Lee también el aviso de privacidad",
  },
  privacy: {
    rightsHereTitle: "Ejerce tus derechos en Minka",
    rightsHereBody:
      "Con tu cuenta puedes descargar todos tus datos (JSON y CSV) desde «Mis datos», ver el historial de tus consentimientos y eliminar tu cuenta desde «Mi cuenta».",
    myDataLink: "Mis datos",
    accountLink: "Mi cuenta",
    rulesLink: "Normas de la comunidad",
  },
  unavailable: {
    title: "Servicio ocupado por un momento",
    detail:
      "No pudimos guardar tu cambio porque la base de datos está ocupada. No se guardó nada a medias. Inténtalo de nuevo en unos segundos.",
    retry: "Reintentar",
  },
  storageFull: {
    title: "Sin espacio para guardar",
    detail:
      "No pudimos guardar tu cambio porque el servidor se quedó sin espacio de almacenamiento. No se guardó nada a medias. Inténtalo de nuevo en unos minutos.",
    retry: "Reintentar",
  },
};

export default esTrust;
