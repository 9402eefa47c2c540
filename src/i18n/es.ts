import { plural } from './format.js';
import type { Messages } from './en.js';

const p = plural('es');

/** Spanish: complete, typed against the English catalogue. */
export const es: Messages = {
  $code: 'es',
  $name: 'Español',
  $dir: 'ltr',

  loading: 'Cargando…',
  retry: 'Reintentar',
  cancel: 'Cancelar',
  close: 'Cerrar',
  save: 'Guardar',
  undo: 'Deshacer',
  dismiss: 'Descartar',

  statusSaving: 'Guardando…',
  statusSaved: 'Guardado',
  statusQueued: 'Guardado en este dispositivo, se sincronizará',
  statusFailed: 'No se guardó',
  statusOffline: 'No tienes conexión. Los cambios se guardan en este dispositivo y se sincronizan al reconectar.',
  pendingWrites: (n: number) => p(n, { one: '(1 cambio pendiente)', other: `(${n} cambios pendientes)` }),

  errorOffline: 'Parece que no tienes conexión.',
  errorUnauthorized: 'Vuelve a iniciar sesión.',
  errorForbidden: 'No tienes permiso para hacer eso.',
  errorNotFound: 'Ese elemento ya no existe.',
  errorConflict: 'Otra persona lo cambió al mismo tiempo. Recarga para ver la última versión.',
  errorInvalid: 'Los datos no fueron aceptados.',
  errorUnavailable: 'El servicio no está disponible en este momento.',
  errorUnsupported: 'Esto no está disponible aquí.',
  errorInvalidRecord: 'Algunos datos no se pueden mostrar porque están dañados.',
  errorNoLms:
    'Abre esto dentro de tu LMS: esta página no pudo conectar con la plataforma de aprendizaje, así que tu trabajo no se puede guardar aquí.',
  errorStorageFull: (n: number) =>
    n > 0
      ? p(n, {
          one: 'Este curso solo puede guardar 1 carácter más. Acorta tu texto e inténtalo de nuevo; no se pierde nada de lo que guardaste.',
          other: `Este curso solo puede guardar ${n} caracteres más. Acorta tu texto e inténtalo de nuevo; no se pierde nada de lo que guardaste.`,
        })
      : 'Este curso no tiene espacio para guardar más texto. Acorta tu texto o borra una entrada anterior; no se pierde nada de lo que guardaste.',
  errorForeignData: 'Este curso ya guarda otros datos tuyos, así que tu trabajo no se puede guardar aquí. Avisa al equipo del curso.',
  errorLoad: 'No se pudo cargar.',

  identityPrompt: '¿Cómo quieres que te llamemos?',
  identityHint: 'Tu nombre se guarda en este navegador y se muestra con lo que compartes.',
  identityLabel: 'Tu nombre',
  identitySubmit: 'Continuar',
  identityRequired: 'Escribe un nombre.',
  signedInAs: (name: string) => `Sesión iniciada como ${name}`,
  readOnlyAnonymous: 'Inicia sesión para participar. Puedes leer, pero no escribir, hasta que el sitio sepa quién eres.',

  avatarOf: (name: string) => `${name}`,
  anonymous: 'Anónimo',
  unknownPerson: 'Alguien',
  peoplePickerLabel: 'Personas',
  peoplePickerPlaceholder: 'Escribe un nombre',
  peoplePickerNoMatches: 'Sin coincidencias. Pulsa Intro para añadir este nombre.',
  peoplePickerAddFree: (name: string) => `Añadir «${name}»`,
  peoplePickerRemove: (name: string) => `Quitar a ${name}`,
  peoplePickerSelected: (n: number) => p(n, { one: '1 persona seleccionada', other: `${n} personas seleccionadas` }),
  peoplePickerResults: (n: number) => p(n, { one: '1 sugerencia', other: `${n} sugerencias` }),
  peoplePickerSelf: 'No puedes elegirte a ti.',
  peoplePickerNoResults: 'Sin coincidencias.',
  peoplePickerAdded: (name: string) => `Se añadió a ${name}.`,
  peoplePickerRemoved: (name: string) => `Se quitó a ${name}.`,

  progressOf: (value: string, max: string, unit: string) => `${value} de ${max} ${unit}`,
  progressComplete: 'Completado',

  confirmDelete: 'Eliminar',
  confirmDeleteQuestion: '¿Eliminar esto? Podrás deshacerlo durante unos segundos.',
  deleted: 'Eliminado.',
  undone: 'Restaurado.',
};
