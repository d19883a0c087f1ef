// Spanish strings of the public record's checkpoints, proofs and receipts (merged into es.ts
// under "record"; docs/decisions/021).
const esRecord = {
  verify: {
    title: "Verificar el registro público",
    intro:
      "Cada acto en Minka (una propuesta publicada, un apoyo, una adhesión, un acuerdo del Foro) queda en el registro público. Minka firma periódicamente un «punto de control»: el número de entradas del registro y una huella (la raíz de un árbol de Merkle) que depende de todas ellas. Quien guarda un punto de control puede comprobar después, sin confiar en el servidor, que nadie cambió, borró ni reordenó lo que ya estaba registrado.",
    latestTitle: "Último punto de control",
    none: "Aún no se ha firmado ningún punto de control.",
    size: "Entradas cubiertas: {{size}}",
    signedAt: "Firmado el {{date}}",
    download: "Descargar el punto de control firmado",
    all: "Todos los puntos de control (API)",
    keysTitle: "Clave de firma",
    keysIntro:
      "Los puntos de control se firman con esta clave Ed25519. Su huella también está publicada en /.well-known/minka-ledger-keys y en la documentación de operación; compárelas.",
    witnesses: "Testigos aceptados: {{count}}",
    howTitle: "Cómo audita una organización de la sociedad civil",
    how1: "Descargue el punto de control firmado más reciente y guárdelo fuera de Minka (por ejemplo, en su propio repositorio o adjunto a un acta).",
    how2: "Más adelante, descargue otro punto de control y el registro completo (los datos abiertos o la API), y ejecute la auditoría: recalcula el árbol con cada entrada, comprueba las firmas y que el punto de control nuevo contiene sin cambios al que usted guardó.",
    how3: "Si algo no coincide, la auditoría nombra la primera entrada que difiere. Publíquelo: es la prueba de que el registro fue alterado.",
    how4: "Una organización puede además operar un testigo: un programa que firma cada punto de control nuevo solo si es coherente con el anterior que firmó. Así Minka no puede mostrar un registro distinto a cada auditor.",
    command: "Orden de auditoría",
    receiptsTitle: "Comprobantes",
    receipts:
      "La autora o el autor de una propuesta puede descargar, desde la página de su propuesta, un comprobante de su publicación (y quien la apoyó, de su apoyo): la entrada, la prueba de inclusión y el punto de control firmado. Sirve para demostrar, sin depender de Minka, que su acto está en el registro.",
    signNow: "Firmar un punto de control ahora",
    signed: "Se firmó el punto de control de {{size}} entradas.",
    upToDate: "El último punto de control ya cubre las {{size}} entradas del registro.",
  },
  receipt: {
    proposal: "Comprobante de publicación (registro público)",
    vote: "Comprobante de tu apoyo (registro público)",
    hint: "Un archivo con la entrada del registro, su prueba de inclusión y el punto de control firmado.",
  },
};

export default esRecord;
