import type { MessageSchema } from './en';

/** German texts; `satisfies MessageSchema` fails to compile when a key of en.ts is missing here. */
export const de = {
  app: {
    name: 'Perfit Körperscan',
    staff: 'Personal',
    language: 'Sprache',
    languageName: 'Deutsch',
  },
  offline: {
    service_unreachable: 'Der Scanner-Dienst antwortet nicht. Scans können erst wieder starten, wenn er zurück ist.',
    sync_offline: 'Offline-Betrieb: Scans bleiben auf diesem Kiosk und werden später hochgeladen.',
  },
  idle: {
    title: 'Sind Sie noch da?',
    body: 'Der Scan endet in {seconds} Sekunden und Ihre Daten werden gelöscht.',
    stay: 'Ich bin noch da',
  },
  start: {
    title: 'Hier beginnt Ihre perfekte Passform',
    lead: 'Ein kurzes Foto ergibt Ihre Körpermaße und ein 3D-Modell.',
    customerRefLabel: 'Kundennummer',
    customerRefHint: 'Personal: Kundennummer eingeben oder scannen.',
    customerRefInvalid: 'Bitte eine Kundennummer eingeben (bis zu {max} Zeichen).',
    begin: 'Scan starten',
  },
  consent: {
    title: 'Bevor wir beginnen',
    body:
      'Wir machen ein oder zwei Fotos von Ihnen, um Ihre Körperform und Ihre Maße zu schätzen. Fotos und ' +
      'Ergebnisse werden zu Ihrer Kundennummer gespeichert, damit das Personal Ihnen passende Kleidung ' +
      'zeigen kann. Sie können sie jederzeit löschen lassen.',
    points: {
      photos: 'Fotos werden nur während des Countdowns aufgenommen.',
      storage: 'Fotos und Maße werden zu Ihrer Kundennummer gespeichert.',
      delete: 'Sie können Ihre Daten jederzeit beim Personal löschen lassen.',
    },
    accept: 'Ich bin einverstanden',
    decline: 'Nein, danke',
  },
  details: {
    title: 'Ein paar Angaben',
    heightLabel: 'Ihre Körpergröße ({unit})',
    heightHint: 'Freiwillig: macht die Maße genauer.',
    heightFormats: { cm: 'Zentimeter (172) oder Meter (1,72 m).', in: 'Zoll (68) oder Fuß und Zoll (5\'8").' },
    heightInvalid:
      'Bitte eine Größe zwischen {min} und {max} {unit} eingeben oder das Feld leer lassen. ' +
      'Der Kiosk misst nur Erwachsene dieser Größe.',
    genderLabel: 'Körpermodell',
    gender: { female: 'Weiblich', male: 'Männlich', neutral: 'Keine Angabe' },
    genderHint: 'Freiwillig: Weiblich oder Männlich macht die Umfänge genauer.',
    clothingLabel: 'Kleidung (Personal)',
    clothing: { tight: 'Eng', regular: 'Normal', loose: 'Weit', dress: 'Kleid oder Rock' },
    clothingHint: {
      tight: 'Sportkleidung, Leggings, ein enges T-Shirt.',
      regular: 'Ein gewöhnliches Hemd oder eine Bluse und eine Hose.',
      loose: 'Strickware, ein Hoodie, eine weite Hose.',
      dress: 'Ein Kleid oder Rock: Hüfte und Oberschenkel werden geschätzt, nicht gemessen, und sind unsicherer.',
    },
    shoesLabel: 'Schuhe',
    shoes: { none: 'Keine (Socken)', flat: 'Flache Schuhe', heels: 'Absätze', unknown: 'Keine Angabe' },
    shoesHint: 'Keine Angabe gilt als gewöhnliche flache Schuhe.',
    continue: 'Weiter',
  },
  capture: {
    title: { front: 'Foto 1 von 2: zur Kamera schauen', side: 'Foto 2 von 2: seitlich drehen' },
    instructions: {
      front:
        'Stellen Sie sich in die Umrisslinie, Füße auf die Bodenmarken, Arme etwas vom Körper weg, mit einer ' +
        'Lücke zwischen Arm und Taille.',
      side: 'Drehen Sie sich nach links, sodass die Kamera Ihre Seite sieht. Arme nach unten, geradeaus schauen.',
    },
    starting: 'Kamera startet…',
    checking: 'Wird geprüft…',
    hold: 'Stillhalten',
    countdown: 'Foto in {seconds}',
    takePhotoNow: 'Jetzt Foto machen',
    skipSide: 'Seitenfoto überspringen',
    retake: 'Neu aufnehmen',
    usePhoto: 'Dieses Foto verwenden',
    reviewTitle: 'Foto prüfen',
    reviewProblem: 'Dieses Foto geht nicht:',
    reviewOk: 'Sieht gut aus.',
    reviewUnchecked:
      'Das Foto konnte gerade nicht geprüft werden. Prüfen Sie es selbst: der ganze Körper im Bild, die Arme vom Körper weg.',
    cameraLabel: 'Live-Kamerabild',
    photoLabel: 'Das gerade aufgenommene Foto',
    cameraFallback: 'Die gewählte Kamera wurde nicht gefunden; die Standardkamera wird verwendet.',
    checkUnavailable: 'Die Live-Hilfe ist gerade nicht verfügbar; Sie können das Foto trotzdem aufnehmen.',
  },
  guidance: {
    ready: 'Perfekt, stillhalten',
    no_person: 'In die Umrisslinie treten',
    multiple_people: 'Nur eine Person',
    person_too_small: 'Näher herantreten',
    head_out_of_frame: 'Zurücktreten, Kopf ins Bild',
    feet_out_of_frame: 'Zurücktreten, Füße ins Bild',
    not_facing_camera: 'Zur Kamera schauen',
    not_in_profile: 'Seitlich drehen',
    arms_against_body: 'Lücke zwischen Armen und Taille lassen',
    too_dark: 'Mehr Licht nötig',
    too_blurry: 'Stillhalten',
    warningNote: 'Hinweis: {issues}',
  },
  processing: {
    title: 'Ihr 3D-Körper entsteht',
    lead: 'Das dauert einige Sekunden.',
    progressLabel: 'Fortschritt des Scans',
    stages: {
      pending: 'In der Warteschlange',
      detect: 'Person im Foto finden',
      estimate: 'Körperform schätzen',
      fit: 'Körpermodell anpassen',
      reconstruct: '3D-Körper erstellen',
      measure: 'Maße nehmen',
      export: 'Ergebnis speichern',
      other: 'In Arbeit: {stage}',
    },
    cancel: 'Abbrechen',
  },
  result: {
    title: 'Ihre Maße',
    sizes: 'Ihre Größen',
    units: 'Einheiten',
    unitNames: { cm: 'cm', in: 'Zoll' },
    done: 'Fertig',
    viewerLabel: '3D-Modell Ihres Körpers. Zum Drehen ziehen.',
    selectHint: 'Tippen Sie auf ein Maß, um zu sehen, wo es genommen wird.',
    ringApproximate: 'Die Linie zeigt, wo der Körper diesem Maß entspricht.',
    pipeline: 'Erstellt von {pipeline} {version} auf {provider}',
    notes: 'Hinweise',
    capture: {
      views: { front: 'Nur Frontfoto', frontAndSide: 'Front- und Seitenfoto' },
      heightSource: {
        typed: 'Größe eingegeben',
        camera: 'Größe von der Kamera gemessen',
        survey_mean: 'Größe angenommen (Durchschnittswert)',
        model: 'Größe aus dem Foto geschätzt',
      },
      clothing: { tight: 'enge Kleidung', regular: 'normale Kleidung', loose: 'weite Kleidung', dress: 'Kleid oder Rock' },
      clothingSource: { staff: '', photo: ' (aus dem Foto beurteilt)', assumed: ' (angenommen)' },
    },
    warningsTitle: 'Bitte diese Maße von Hand prüfen',
    warnings: {
      stature_out_of_range:
        'Ihre Größe liegt außerhalb dessen, was das Körpermodell abdeckt ({min} bis {max}). Diese Maße sind ' +
        'nicht verlässlich: Bitte lassen Sie sich vom Personal mit dem Maßband messen.',
      shape_out_of_range:
        'Ihre Körperform liegt weit entfernt von den Körpern, aus denen das Modell gebaut ist. Diese Maße ' +
        'sind Schätzungen außerhalb seines Bereichs: Bitte lassen Sie sie vom Personal mit dem Maßband ' +
        'prüfen.',
      range_not_checked:
        'Wir konnten nicht prüfen, ob Ihr Körper im Bereich des Modells liegt. Bitte lassen Sie die Maße vom ' +
        'Personal mit dem Maßband prüfen.',
      height_disagrees_with_camera:
        'Die angegebene Größe weicht um mehr als 4 cm von dem ab, was die Kamera des Kiosks misst. Bitte ' +
        'lassen Sie Ihre Größe vom Personal bestätigen: Die Maße verwenden die angegebene Größe.',
      calibration_floor_moved:
        'Die Kamera des Kiosks konnte Ihre Größe nicht messen: Ihre Kalibrierung passt nicht mehr. Bitte sagen Sie es dem Personal.',
      calibration_photo_size: 'Die Kamera des Kiosks konnte Ihre Größe aus diesem Foto nicht messen. Bitte sagen Sie es dem Personal.',
    },
    useCameraHeight: 'Stattdessen die Größe der Kamera verwenden ({height})',
    confidence: { high: 'Hohe Sicherheit', medium: 'Mittlere Sicherheit', low: 'Geringe Sicherheit', unknown: 'Keine Genauigkeitsangabe' },
    plusMinus: '± {value}',
    estimated: 'Geschätzt',
    estimatedNote:
      'Geschätzte Maße werden nicht aus den Fotos gelesen: Sie ergeben sich aus Ihrer Größe und ' +
      'dem Brust-, Taillen- und Hüftumfang auf den Fotos und sind weniger sicher.',
    measurementNames: {
      height: 'Körpergröße',
      chest: 'Brustumfang',
      waist: 'Taillenumfang',
      hip: 'Hüftumfang',
      inseam: 'Innenbeinlänge',
      shoulder_width: 'Schulterbreite',
      arm_length: 'Armlänge',
      thigh: 'Oberschenkelumfang',
      neck: 'Halsumfang',
    },
  },
  viewer: {
    loading: '3D-Modell wird geladen…',
    noWebgl: 'Dieser Bildschirm kann keine 3D-Grafik zeigen (WebGL nicht verfügbar). Ihre Maße stehen unten.',
    noMesh: 'Für diesen Scan gibt es kein 3D-Modell. Ihre Maße stehen unten.',
    failed: 'Das 3D-Modell konnte nicht angezeigt werden. Ihre Maße stehen unten.',
  },
  sizes: {
    title: 'Ihre Größen',
    loading: 'Ihre Größen werden ermittelt…',
    failed: 'Ihre Größen konnten nicht ermittelt werden. Das Personal hilft Ihnen gern.',
    none: 'Auf diesem Kiosk sind noch keine Kleidungsstücke eingerichtet. Das Personal hilft Ihnen, Ihre Größe zu finden.',
    probability: 'zu {percent} % passend',
    noEstimate: 'Keine Angabe, wie sicher',
    disclaimer: 'Aus Ihren Maßen und der Größentabelle jedes Kleidungsstücks. Bitte zur Sicherheit anprobieren.',
    heightGuessed:
      'Es wurde keine Körpergröße eingegeben oder gemessen, deshalb sind diese Größen unsicherer. ' +
      'Für eine sicherere Angabe scannen Sie bitte erneut mit Ihrer Größe.',
    back: 'Zurück zu den Maßen',
    preference: {
      label: 'Wie soll Ihre Kleidung sitzen?',
      choices: { snug: 'Eng', regular: 'Normal', loose: 'Weit' },
    },
    fit: {
      good: 'Passt gut',
      close: 'Knapp an: {dimensions}',
      roomy: 'Weit an: {dimensions}',
      between: 'Zwischen {best} und {other}: {best} ist etwas wahrscheinlicher',
      outside: 'Außerhalb dieser Tabelle: {best} ist die nächste Größe',
    },
    categories: {
      tops: 'Oberteile',
      shirts: 'Hemden',
      jackets: 'Jacken',
      coats: 'Mäntel',
      knitwear: 'Strickwaren',
      trousers: 'Hosen',
      jeans: 'Jeans',
      shorts: 'Shorts',
      dresses: 'Kleider',
      skirts: 'Röcke',
    },
  },
  done: {
    title: 'Vielen Dank',
    body: 'Ihre Maße sind gespeichert. Das Personal hilft Ihnen jetzt, Ihre Größe zu finden.',
    again: 'Neuer Scan',
  },
  errors: {
    code: 'Code: {code}',
    retryIn: 'Bitte {seconds} Sekunden warten.',
    actions: {
      retake: 'Foto neu aufnehmen',
      retry: 'Erneut versuchen',
      start_over: 'Neu beginnen',
      call_staff: 'Neu beginnen',
    },
    photo_unusable: {
      title: 'Das Foto konnte nicht verwendet werden',
      body: 'Mit dem Foto stimmte etwas nicht. Bitte nehmen Sie es neu auf.',
    },
    no_face: {
      title: 'Ihr Gesicht war nicht zu sehen',
      body: 'Schauen Sie zur Kamera und achten Sie auf gutes Licht im Gesicht, dann nehmen Sie das Foto neu auf.',
    },
    capture_rejected: { title: 'Das Foto hat nicht geklappt', body: 'Bitte neu aufnehmen: {advice}.' },
    busy: {
      title: 'Der Scanner ist ausgelastet',
      body: 'Andere Scans werden gerade bearbeitet. Bitte versuchen Sie es gleich noch einmal.',
    },
    service_unreachable: {
      title: 'Der Scanner antwortet nicht',
      body: 'Bitte versuchen Sie es erneut. Wenn das wieder passiert, fragen Sie das Personal.',
    },
    not_authorized: { title: 'Dieser Kiosk ist nicht richtig eingerichtet', body: 'Bitte fragen Sie das Personal.' },
    invalid_details: { title: 'Die Kundennummer ist ungültig', body: 'Bitte lassen Sie sie vom Personal neu eingeben.' },
    out_of_range: {
      title: 'Diese Größe kann der Kiosk nicht messen',
      body:
        'Er misst Erwachsene von {min} bis {max}. Bitte lassen Sie die eingegebene Größe vom Personal prüfen ' +
        'oder die Maße von Hand nehmen.',
    },
    scan_failed: {
      title: 'Der Scan hat nicht geklappt',
      body: 'Leider konnten wir Ihren 3D-Körper nicht erstellen. Bitte beginnen Sie neu.',
    },
    camera_unavailable: { title: 'Die Kamera ist nicht verfügbar', body: 'Bitte fragen Sie das Personal.' },
    unexpected: { title: 'Etwas ist schiefgegangen', body: 'Entschuldigung. Bitte beginnen Sie neu.' },
  },
  staff: {
    title: 'Personal',
    pinTitle: 'Personal-PIN',
    pinHint: 'Bitte die Personal-PIN eingeben.',
    pinWrong: 'Falsche PIN.',
    pinLockedOut: 'Zu viele falsche PINs. Bitte in {seconds} Sekunden erneut versuchen.',
    pinNotSet: 'Es ist noch keine Personal-PIN festgelegt.',
    pinUnavailable: 'Die PIN konnte nicht geprüft werden. Bitte erneut versuchen oder Hilfe holen.',
    pinInvalid: 'Eine Personal-PIN hat 6 bis 8 Ziffern.',
    pinMismatch: 'Die beiden PINs stimmen nicht überein. Bitte die PIN neu wählen.',
    setPinTitle: 'Personal-PIN festlegen',
    setPinHint: 'Auf diesem Kiosk ist noch keine Personal-PIN festgelegt. Bitte eine wählen (6 bis 8 Ziffern).',
    repeatPinHint: 'Bitte dieselbe PIN noch einmal eingeben.',
    setPin: 'PIN festlegen',
    pinDigits: 'Eingegebene PIN-Ziffern',
    unlock: 'Entsperren',
    clear: 'Löschen',
    backspace: 'Letzte Ziffer löschen',
    exit: 'Zurück zum Kundenmodus',
    tabs: { history: 'Scan-Verlauf', status: 'Status', charts: 'Kleidung', settings: 'Einstellungen' },
    charts: {
      listFailed: 'Die Kleidungsstücke konnten nicht geladen werden.',
      shown: 'Gezeigt',
      showLabel: '{name} den Kunden zeigen',
      garment: 'Kleidungsstück (Größentabelle)',
      sizes: 'Größen',
      origin: 'Herkunft',
      origins: { shipped: 'Demo-Tabelle', local: 'Hier importiert', central: 'Zentrale' },
      importTitle: 'Größentabelle importieren',
      file: 'Tabellendatei (JSON oder CSV)',
      size: 'Größe',
      import: 'Diese Tabelle importieren',
      imported: '{name} importiert (Version {version}).',
      failed: 'Nicht ausgeführt: {detail}',
      actions: 'Aktionen',
      delete: 'Löschen',
      deleteConfirm: 'Die Tabelle {name} von diesem Kiosk löschen? Kunden sehen sie dann nicht mehr.',
      deleteYes: 'Tabelle löschen',
      deleteCancel: 'Behalten',
      deleted: '{name} gelöscht.',
      centralKept: 'Tabelle der Zentrale: stattdessen ausblenden',
    },
    history: {
      searchLabel: 'Kundennummer',
      search: 'Suchen',
      none: 'Keine Scans für diesen Kunden.',
      count: 'Keine Scans | 1 Scan | {count} Scans',
      date: 'Datum',
      height: 'Größe',
      chest: 'Brust',
      waist: 'Taille',
      hip: 'Hüfte',
      pipeline: 'Pipeline',
      sync: 'Upload',
      show: 'Anzeigen',
      older: 'Ältere Scans anzeigen ({shown} von {total} angezeigt)',
      erase: 'Daten dieses Kunden löschen',
      eraseConfirm:
        'Alle Scans und Fotos von Kunde {customer} auf diesem Kiosk und im zentralen Speicher löschen? Das ' +
        'kann nicht rückgängig gemacht werden.',
      eraseYes: 'Alles löschen',
      eraseCancel: 'Behalten',
      erased: 'Gelöscht: {avatars} Scans, {jobs} Aufträge.',
      syncStates: { pending: 'Wartet', synced: 'Hochgeladen', failed: 'Fehlgeschlagen', disabled: 'Aus' },
    },
    status: {
      refresh: 'Aktualisieren',
      overall: 'Gesamt',
      checkedAt: 'Geprüft {time}',
      unreachable: 'Der Dienst antwortet nicht.',
      components: {
        database: 'Datenbank',
        inference_worker: 'Scanner (Inferenz)',
        face_detector: 'Gesichtsprüfung',
        queue: 'Warteschlange',
        sync: 'Upload (Sync)',
      },
      statuses: { ok: 'OK', starting: 'Startet', degraded: 'Eingeschränkt', error: 'Fehler', disabled: 'Aus' },
      queueCounts: '{pending} wartend, {processing} laufend, {completed} fertig, {failed} fehlgeschlagen',
      pipeline: 'Pipeline: {name} {version} auf {provider}',
      syncOnline: 'Bucket erreichbar',
      syncOffline: 'Bucket nicht erreichbar: Scans warten auf diesem Kiosk',
      syncQueue: '{count} Objekte warten auf Upload oder Löschung',
      syncLastSuccess: 'Letzter Upload: {time}',
      syncLastError: 'Letzter Fehler: {message} ({code})',
      appVersion: 'App-Version {version}',
      update: 'Update: {phase}',
      calibration: {
        title: 'Kamerakalibrierung',
        states: { missing: 'Nicht kalibriert', ok: 'Kalibriert', stale: 'Kamera verschoben', invalid: 'Kalibrierung beschädigt' },
        date: 'Kalibriert am {date}',
        cameraHeight: 'Kamera {height} cm über dem Boden',
        edge: {
          found: 'Jeder Scan prüft die Neigung der Kamera an der Kante im Hintergrund (dem Wandfuß).',
          turned: 'Die letzten Scans fanden die Kamera seit der Kalibrierung um {degrees}° {direction} geneigt und haben das ausgeglichen.',
          up: 'nach oben',
          down: 'nach unten',
          missing:
            'Keine waagerechte Kante im Hintergrund: Eine Kamera, die sich neigt, fällt erst auf, wenn sie weit daneben liegt. ' +
            'Halten Sie den Wandfuß oder eine Sockelleiste neben der Kundin oder dem Kunden im Bild und kalibrieren Sie erneut.',
        },
        warnings: {
          missing:
            'Die Kamera ist nicht kalibriert: Körpergrößen werden nicht aus dem Foto gemessen und eingegebene ' +
            'Größen nicht geprüft. Kalibrieren Sie sie in den Einstellungen.',
          stale:
            'Die Bodenlinie hat sich seit der Kalibrierung verschoben: Die Kamera wurde bewegt. Kalibrieren Sie ' +
            'sie in den Einstellungen neu.',
          invalid: 'Die Kalibrierungsdatei ist beschädigt. Kalibrieren Sie die Kamera in den Einstellungen neu.',
        },
      },
    },
    settings: {
      camera: 'Kamera',
      defaultCamera: 'Standardkamera des Systems',
      units: 'Einheiten',
      language: 'Standardsprache',
      showPipeline: 'Pipeline-Details im Ergebnis zeigen',
      askForSide: 'Nach einem Seitenfoto fragen',
      idleTimeout: 'Zurück zum Start nach (Sekunden ohne Berührung)',
      pin: 'Neue Personal-PIN (6 bis 8 Ziffern)',
      save: 'Speichern',
      saved: 'Gespeichert.',
      invalid: 'Nicht gespeichert: Bitte die Werte prüfen.',
      resetDefaults: 'Auf Standard zurücksetzen',
      calibration: {
        title: 'Kamerakalibrierung',
        intro:
          'Einmal nach der Montage der Kamera und nachdem sie bewegt wurde: Eine Person, deren Größe Sie ' +
          'gemessen haben, steht auf den Bodenmarkierungen, in flachen Schuhen oder Socken, Haare flach, Arme ' +
          'etwas vom Körper weg.',
        personHeight: 'Ihre gemessene Größe (cm, ohne Schuhe)',
        sole: 'Sohle unter den Füßen (cm, 0 in Socken)',
        start: 'Kamera kalibrieren',
        takeFront: 'Foto von vorn aufnehmen',
        takeSide: 'Foto von der Seite aufnehmen (nach links gedreht)',
        skipSide: 'Ohne Seitenfoto kalibrieren',
        cancel: 'Abbrechen',
        working: 'Die Fotos werden gelesen…',
        done: 'Kalibriert: Kamera {height} cm über dem Boden.',
        failed: 'Nicht kalibriert: {message}',
        invalidHeight: 'Geben Sie eine Größe zwischen 120 und 220 cm und eine Sohle zwischen 0 und 15 cm ein.',
        noPhoto: 'Die Kamera liefert noch kein Bild; bitte erneut versuchen.',
        method: 'Kalibrierverfahren',
        methods: { person: 'Eine Person bekannter Größe', marker: 'Die gedruckte Bodenmarke' },
        marker: {
          intro:
            'Die gedruckte Bodenmarke (perfit calibrate --marker-svg, in 100 % gedruckt) liegt flach an den ' +
            'Bodenmarkierungen, der Pfeil zeigt zur Kamera, die hintere Kante des schwarzen Quadrats auf der Linie der ' +
            'Fußspitzen, niemand steht darauf.',
          size: 'Seitenlänge des schwarzen Quadrats, auf dem Ausdruck gemessen (cm)',
          invalidSize: 'Geben Sie die Seitenlänge des schwarzen Quadrats zwischen {min} und {max} cm ein.',
          limitsUnknown:
            'Der Kiosk-Dienst hat nicht gesagt, welche Markengrößen er annimmt; prüfen Sie, ob er läuft, und versuchen Sie es erneut.',
          take: 'Foto der Bodenmarke aufnehmen',
          done: 'Kalibriert: Kamera {height} cm über dem Boden, um {tilt}° geneigt.',
          errors: {
            calibration_marker_not_found:
              'Nicht kalibriert: keine Bodenmarke im Foto. Legen Sie die ganze Marke flach ins Bild, ohne Knicke und ohne Schatten darauf.',
            calibration_marker_too_small: 'Nicht kalibriert: Die Bodenmarke ist im Foto zu klein. Drucken Sie sie größer.',
            calibration_unsolvable:
              'Nicht kalibriert: Die Ecken der Marke passen zu keiner Kamera. Prüfen Sie, ob sie flach liegt und die ' +
              'eingegebene Größe die auf dem Ausdruck gemessene ist.',
            calibration_out_of_range:
              'Nicht kalibriert: Die Kamera läge zu tief, zu hoch oder zu stark geneigt. Prüfen Sie die eingegebene Größe.',
          },
        },
      },
    },
  },
  yes: 'Ja',
  no: 'Nein',
} satisfies MessageSchema;
