# -*- coding: utf-8 -*-
"""Hand-written message bank (author E): English and Polish, client side and our side.

Placeholders: {n} our staff first name, {c} client contact first name, {p} project, {d} a date,
{w} a word count, {co} client name, {dl} a deadline date.
"""
import datetime as dt

TIME_DESC = {
    "en": ["{project}: translation batch", "{project} - review pass", "{project}: terminology update",
           "{project} QA checks", "{project}: client queries", "{project} - TM maintenance", "{project}: DTP fixes",
           "call with client re {project}", "{project}: file prep", "{project}: final delivery"],
    "pl": ["{project}: tłumaczenie partii", "{project} - weryfikacja", "{project}: glosariusz", "{project} kontrola QA",
           "{project}: pytania klienta", "{project} - pamięć tłumaczeniowa", "{project}: poprawki DTP",
           "rozmowa z klientem ws. {project}", "{project}: przygotowanie plików", "{project}: dostawa"],
}

GREET = {
    "en": ["Hi {n},", "Hello {n},", "Dear {n},", "{n},", "Hi {n}!", "Good morning {n},", "Hey {n},", "Hi there,",
           "Hallo {n},", "Dear {n}, hope you are well."],
    "pl": ["Dzień dobry,", "Cześć {n},", "Pani/Panie {n},", "Witam,", "Dzień dobry Pani/Panie {n},", "Hej {n},",
           "Szanowni Państwo,", "Dzien dobry,", "Witam serdecznie,", "{n},"],
}
CLOSE = {
    "en": ["Best,", "Thanks,", "Kind regards,", "Best regards,", "Cheers,", "Regards,", "Thank you,", "BR,",
           "Many thanks,", "Viele Grüße / best regards,"],
    "pl": ["Pozdrawiam,", "Pozdrawiam serdecznie,", "Z poważaniem,", "Dziękuję,", "Pozdr.", "Miłego dnia,",
           "Pozdrawiam i dziękuję,", "Łączę pozdrowienia,", "Dzięki,", "Serdecznie pozdrawiam,"],
}

C = {"en": {}, "pl": {}}

C["en"]["friendly"] = """Thanks for the quick turnaround on {p}, all good on our side.
Just wanted to say the files for {p} went into the build without a single issue. Nice.
Quick note: our PM will be out next week, so please send {p} questions to me directly.
We're planning the next release for {dl}; I'll send the strings as soon as they're frozen.
Hope the Berlin office survived the trade fair week :) Files for {p} attached.
All received, thank you. Have a good weekend!
Thanks, that works for us. Talk soon.
Great, I've forwarded the delivery of {p} to our product team.
Perfect timing, we just needed {p} for the board meeting.
Thanks for the heads-up on the glossary, makes sense to me.
Got it, thanks for checking with us first.
Looks good! I'll let you know if the reviewers come back with anything.
Thanks for flagging the inconsistency in the source text, we fixed it on our side.
Happy new quarter! We'll have roughly the same volume as last time.
Appreciate the reminder. I'll approve the quote for {p} today.
Thanks, the PDF looks great. The layout team was impressed.
No rush on this one, end of next week is fine.
That's fine, go ahead with your proposed term for "Antriebseinheit".
Sorry for the late reply, I was travelling. Yes, please proceed with {p}.
Thank you {n}, always a pleasure.
Works for me. Let's keep the same reviewer as last time if possible.
Received, thanks. Invoice forwarded to accounts payable.
Quick thanks to your DTP person, the brochure looks even better than the German original.
Good to hear from you. Yes, the call on Thursday works.
Thanks a lot, the legal team confirmed the translation of {p} is fine.
Sounds good, see you at the kick-off for {p}.""".split("\n")

C["en"]["routine"] = """Please find attached the source files for {p}. Around {w} words, target PL and DE.
Could you send a quote for {p}? Deadline would be {dl}.
Attached the updated strings file for {p}, only the changed keys.
We have a new batch for {p} in the portal, about {w} words.
Please confirm receipt of the PO for {p}.
Here is the reference material for {p} - old manual plus our style guide.
Can we move the delivery of {p} to {dl}? The source isn't final yet.
The invoice for last month needs our PO number on it, could you reissue?
Sending the glossary export from our termbase, please use it for {p}.
FYI we renamed the product, please update the TM: "FlowDesk" becomes "FlowDesk Pro".
New version of the source for {p} uploaded, about 15% changed.
Could you add Czech to the next batch? Same deadline if possible.
Reminder: our office is closed on {d}, deliveries after that are fine.
The screenshots for {p} are in the shared folder.
Please use the formal "Sie" form in the German version of {p}.
Attaching the signed order form for {p}.
We need a certified translation of the attached documents, 3 pages, by {dl}.
Please send the files for {p} as IDML, not PDF.
Our legal team asked for a back-translation of section 4 of {p}.
Volume forecast for next quarter: roughly {w} words per month.
Can you provide a cost breakdown per language for {p}?
Kindly confirm you received the three zip files for {p}.
Here's the list of do-not-translate terms for {p}.
Please deliver {p} to the new SFTP folder from now on.
Updated character limits for the UI strings are in column F.""".split("\n")

C["en"]["question"] = """Quick question: do you charge repetitions at full rate for {p}?
What's the earliest you could deliver {p} if we send the files tomorrow?
Is it possible to get an invoice in EUR instead of USD going forward?
Who will be the reviewer for {p}?
Do you have capacity for about {w} words next week?
Can your engineer handle XLIFF 2.0 or should we export 1.2?
How do you handle the 100% matches in {p}?
Would the certified translation for {p} be accepted by a German court?
Can we get access to the TM for {p}?
Is there a rush fee if we need {p} by {dl}?
Could you explain the line "project management" on the last invoice?
Do you need the screenshots for context or is the string list enough?
Is the Polish version of {p} reviewed by a second linguist?
What file format do you prefer for the next batch?
Which term did you use for "Lastenheft" in the previous manual?
Can the portal notify two people on our side instead of one?
When will {p} be ready for our QA?
Did the updated glossary reach your translators?
Could you confirm the word count for {p}? Our CAT tool shows less.
Do you translate into Ukrainian as well?
Is it possible to split the invoice for {p} between two cost centres?
Can you keep the same translator for all our legal documents?
What's your cut-off time for same-day delivery?
Do you sign NDAs in our template or yours?
Could we have a short call about the roadmap for {p}?""".split("\n")

C["en"]["praise"] = """Huge thanks to the whole team for {p}. Our German distributor said it reads like it was written in German.
{n}, you saved us on {p}. The court accepted everything without a single query.
Just wanted to pass on compliments from our CEO - the localized site launched flawlessly.
The quality of the last three deliveries has been outstanding. Thank you.
I have to say working with you is the easiest part of our release cycle.
Our Polish sales team loves the new copy. Well done!
Thanks for going the extra mile on {p}, especially over the weekend.
Your reviewer caught an error in our English source - really impressive attention to detail.
Everything delivered early again. You make me look good internally :)
Please thank your DTP specialist, the catalogue is perfect.
We renewed the framework agreement for another year - happy to continue.
I've recommended you to our sister company in Vienna.
Fast, accurate and friendly as always. Thank you {n}.
The translation of {p} was spot on, our regulatory team had zero comments.
Loved the terminology suggestions, we'll adopt them in the English source too.
Thanks for the thoughtful questions during {p}, they improved our source.
Best vendor we have, honestly.
Our auditors praised the consistency of the translated manuals.
Kudos to the engineer who fixed the placeholder issue in the build.
Thanks {n}, the way you handled the last-minute changes was excellent.
That delivery was a lifesaver. Thank you!
Great work on {p} - it went live this morning.
You folks are awesome, thanks for the quick save.
Really appreciate how proactive you've been with {p}.
Perfect, exactly what we needed. Thank you.""".split("\n")

C["en"]["demand"] = """We need {p} by tomorrow 9am, no later. Please confirm.
We expect a discount for this batch given the volume we send you.
Please waive the rush fee on {p}, this was your scheduling issue, not ours.
I need a named translator for {p} and weekly status reports from now on.
Please lower the per-word rate to 0.09 EUR or we'll have to compare offers.
We need the invoice re-issued with payment terms of 60 days.
I want all deliveries before 8 am our time going forward.
Please include the DTP at no extra cost this time.
We'll pay the invoice once the extra review round is done, free of charge.
Deliver the remaining 2 languages by Friday, whatever it takes.
Please don't charge for the small updates, they are only a few strings each.
We need someone available on Saturday for the release.
Send us the translated files in Word AND InDesign at the same price.
We require a 15% volume discount starting this month.
Please make the fuzzy matches free, other vendors do.
I need a call today, not tomorrow.
Please cut the project management fee from the quote.
We expect you to absorb the cost of the third review round.
Priority on {p} over your other clients, please.
Skip the QA step, we just need it fast.""".split("\n")

C["en"]["scope_creep"] = """While you're at it, could you also translate the 40 screenshots for {p}? Should be quick.
One more small round on {p} please - marketing changed their mind on the tagline.
Could you also adapt the Polish version for Czech? It's almost the same, right?
We added a few sections to the source of {p}, can you include them in the current quote?
Can you do another pass on {p}? Our regional manager wants a different tone.
Attached is v7 of the source, please update all languages again.
Small thing: can you also check the English source for typos in {p}?
Please also localise the images and alt texts, same deadline.
Our engineers changed the keys again, could you re-import and re-check everything?
Could you reformat the tables in {p}? The template changed.
We need the glossary extended with another 300 terms, as part of {p}.
Quick favour: translate the attached 10-page annex too, it's related to {p}.
Could someone join our weekly stand-up for {p}? Just 30 minutes.
Please redo the Polish for {p} with the new style guide (attached).
Also, can you record a voice-over script from the translation?
Another round of changes in {p} - sorry, last one I promise.
Can you check the live site and fix anything that looks off?
We'd like the brochure in A4 and Letter formats, both.
Could you also prepare the subtitles for the product video?
One more thing: the app store descriptions, 6 languages.""".split("\n")

C["en"]["service_complaint"] = """We still haven't received {p}, which was due on {dl}. This is the second time this month.
I sent three e-mails about {p} last week and got no answer at all.
The delivery of {p} contained untranslated segments and broken tags. Our release slipped a day.
This is getting frustrating - nobody from your side replied to my question about the glossary.
The deadline for {p} was missed again and we had to explain it to our management.
Your portal has been down since yesterday and the support ticket is still unanswered.
The quality of {p} was clearly below what we're used to: wrong terminology in half the manual.
We asked for a status update on {p} on Monday. It's Thursday.
Frankly, response times have gone down a lot in the last months.
The files came back in the wrong format again, we had to fix them ourselves.
We had to ask twice for the corrected invoice and it's still not there.
Our reviewers found 40+ errors in {p}. This is not acceptable for a regulated document.
I'm not sure anyone is tracking our projects anymore.
Half of the strings in {p} exceed the character limits we gave you.
The rush delivery we paid extra for arrived a day late.
We keep hearing "tomorrow" about {p}. What is the actual date?
Nobody picked up the phone at the Berlin office today.
The service we got in the last quarter is not what we signed up for.
We had to translate the last part of {p} in-house because we couldn't wait any longer.
Things keep falling through the cracks on your side.""".split("\n")

C["en"]["repeat_question"] = """Following up again on my question from {d} - do we have a date for {p}?
Second reminder: could you please confirm the word count for {p}?
I'm asking for the third time: who is our contact while {n} is away?
Still waiting for an answer on the TM access. Can someone please reply?
Re-sending my question below since I haven't heard back.
Any update? I asked about the rush fee on {p} last week.
Bumping this again. We need to know whether the glossary was applied.
Hello? Is anyone looking at this?
As asked on {d}: please send the revised quote for {p}.
I'd appreciate an answer to my earlier e-mail about {p}, it's blocking our release.
Once more: can you confirm the delivery date for {p}?
Still no reply to my question about invoicing in EUR.
Circling back again on the terminology question.
Could somebody finally answer whether {p} includes DTP?
My question from last week still stands: when do we get {p}?""".split("\n")

C["en"]["person_complaint"] = """{n}, I feel that what I said on our call about the tone of {p} didn't really come through in the final version. Could we go over it again?
I appreciate your expertise, {n}, but I'd prefer if we could discuss our terminology choices rather than being told what is correct.
{n}, this is the third time I've mentioned the style guide. I'm not sure my comments are being read.
With respect, I don't think I need an explanation of how localisation works - I've been doing this for twelve years.
{n}, you promised last week to check the glossary before delivery. It didn't happen.
I'd rather we keep the discussions about {p} factual. The lecture about source quality wasn't needed.
Thanks {n}. Honestly, I'd find it easier if you asked about our priorities before proposing solutions.
{n}, we agreed on Monday that the German would use "Sie". The delivery uses "du". I'm a bit lost on how our agreements work.
I think there's a misunderstanding between us, {n}. I asked for options, not a decision.
Could you please let me finish my points in our calls? I often feel cut short.
{n}, I'd appreciate it if you didn't forward my internal comments to your whole team.
Your answer was technically correct, but it didn't address what I asked.
{n}, when I raise a concern, I'd like it to be acknowledged rather than explained away.
I noticed you changed the approved terms again without asking me. Please don't.
{n}, it seems my feedback keeps getting reinterpreted. Could you just implement it as written?
To be honest, our calls with you leave me more confused than before.
I'd prefer to work with someone who follows up on what was agreed.
{n}, the commitment you made on {d} wasn't kept, and this keeps happening with you.
Please don't tell me our process is wrong - just tell me what you need from us.
I don't feel heard in our exchanges, {n}. Maybe we should talk about how we work together.
{n}, I keep having to remind you of things we already settled.
Respectfully, the condescending tone in your last mail was unnecessary.
I'd appreciate less teaching and more listening, {n}.
Could {co}'s account perhaps be handled by someone who has more time for us? No offence meant.
I value the team, but working with you personally has become difficult, {n}.""".split("\n")

C["en"]["hostile"] = """This is ridiculous. Do you people even read the briefs?
Absolutely unacceptable work. I don't know what we pay you for.
Are you serious? This is garbage. Fix it now.
I'm sick of your excuses. Just deliver what we ordered.
Your translators clearly have no idea what they're doing.
Stop wasting my time with questions and do your job.
Frankly this is the worst vendor experience I've ever had.
Don't send me another "apology". Send me the files.
Incompetent. Again. I'll remember this when the contract comes up.
Who approved this nonsense? It reads like machine translation.
I don't care about your process. I care about results, which you don't deliver.
Pathetic. A student could do better.
You're lucky we don't have time to switch vendors right now.
Spare me the explanations. Just fix the mess.
Whoever wrote this clearly doesn't speak German.
This is a joke, right? Tell me this is a joke.
I'm done being polite. Get it right this time.
How hard can it be to follow a glossary??
Unbelievable. You had ONE job.
Your invoice is as sloppy as your translation.""".split("\n")

C["en"]["threat"] = """If {p} isn't delivered by {dl}, we'll move all our languages to another agency.
We're reviewing our vendors next month. Right now you're not looking good.
One more missed deadline and we terminate the framework agreement.
I'll escalate this to your founders if I don't get an answer today.
We will not pay the invoice for {p} until this is fixed, and we may involve our lawyers.
Our procurement team has started looking for alternatives.
If quality doesn't improve, this will be our last project with you.
I've been asked by my director to get quotes from two other agencies.
Consider this a formal complaint. We'll decide on the contract by the end of the month.
Unless we see a real improvement, we won't renew in Q3.
I'm going to leave a review about this experience.
Next time this happens we'll deduct the delay from the invoice.
Frankly we're close to pulling the plug on this partnership.
We'll withhold payment until the errors are fixed.
I'm forwarding this thread to our COO.""".split("\n")

C["pl"]["friendly"] = """Dziękuję za szybką realizację {p}, wszystko u nas w porządku.
Pliki do {p} poszły bez problemu, dzięki!
Krótka informacja: w przyszłym tygodniu jestem na urlopie, w razie pytań proszę pisać do {co}.
Planujemy kolejną partię na {dl}, podeślę materiały jak tylko będą gotowe.
Wszystko otrzymałam, dziękuję i miłego weekendu!
Super, przekazałem tłumaczenie {p} do działu regulacyjnego.
Dzięki za zwrócenie uwagi na błąd w oryginale, poprawiliśmy u siebie.
Idealnie, właśnie tego potrzebowaliśmy na spotkanie zarządu.
Dziękuję, PDF wygląda świetnie.
Nie ma pośpiechu, koniec przyszłego tygodnia jest ok.
Tak, proszę użyć zaproponowanego terminu, zgadzam się.
Przepraszam za zwłokę, byłam w delegacji. Proszę ruszać z {p}.
Dziękuję Pani/Panu {n}, jak zawsze przyjemność.
Otrzymałem, faktura przekazana do księgowości.
Pozdrowienia dla osoby od składu, katalog wygląda lepiej niż oryginał :)
Czwartek mi pasuje, to do usłyszenia.
Dzieki, wszystko gra.
Świetnie, dziękuję za informację.
Dobrze, czekamy zatem na {p} w piątek.
Dziękuję za przypomnienie, zatwierdzę dziś wycenę {p}.
Zgoda, zostańmy przy tym samym tłumaczu co ostatnio.
Fajnie, że udało się to tak szybko ogarnąć.
Dostałam, dziękuję. Dobrego dnia!
Wszystko jasne, dzięki za wyjaśnienie.
Ok, to tak zróbmy.""".split("\n")

C["pl"]["routine"] = """W załączniku przesyłam pliki do {p}, ok. {w} słów, język docelowy EN i DE.
Proszę o wycenę {p}, termin to {dl}.
Przesyłam zaktualizowaną wersję ulotki, zmiany zaznaczone na żółto.
Proszę o potwierdzenie otrzymania zamówienia na {p}.
Potrzebujemy tłumaczenia przysięgłego 4 stron na niemiecki do {dl}.
Przesyłam nasz glosariusz, proszę go stosować w {p}.
Czy możemy przesunąć termin {p} na {dl}? Oryginał nie jest jeszcze finalny.
Proszę o korektę faktury - brakuje numeru zamówienia.
Nowa partia opisów produktów jest już w portalu.
Proszę o dostarczenie plików w formacie DOCX, nie PDF.
Przypominam, że {d} biuro jest zamknięte.
Dział prawny prosi o tłumaczenie zwrotne punktu 4.
W załączeniu podpisane zlecenie na {p}.
Prognoza na kolejny kwartał: ok. {w} słów miesięcznie.
Proszę o rozbicie kosztów {p} na języki.
Przesyłam listę terminów, których nie tłumaczymy.
Zmieniła się nazwa produktu, proszę zaktualizować pamięć tłumaczeniową.
Zrzuty ekranu do {p} są w folderze współdzielonym.
Proszę o tłumaczenie w formie grzecznościowej "Państwo".
Dosyłam brakujący załącznik do {p}.
Od teraz proszę wysyłać faktury na adres ksiegowosc@ naszej domeny.
Prosimy o dodanie języka czeskiego do kolejnej partii.
W załączniku referencje - poprzednia wersja ChPL.
Termin na {p} bez zmian, czyli {dl}.
Proszę o potwierdzenie liczby słów w {p}.""".split("\n")

C["pl"]["question"] = """Czy powtórzenia w {p} liczą Państwo w pełnej stawce?
Jaki jest najszybszy możliwy termin na {p}?
Kto będzie weryfikatorem {p}?
Czy mają Państwo moce przerobowe na ok. {w} słów w przyszłym tygodniu?
Czy tłumaczenie przysięgłe będzie przyjęte przez sąd w Niemczech?
Czy jest dopłata za tryb ekspresowy, jeśli potrzebujemy {p} na {dl}?
Co oznacza pozycja "zarządzanie projektem" na ostatniej fakturze?
Czy wystarczy lista tekstów, czy potrzebne są zrzuty ekranu?
Jakiego terminu użyliście dla "działania niepożądane" w poprzedniej ulotce?
Kiedy {p} będzie gotowe do naszej weryfikacji?
Czy zaktualizowany glosariusz dotarł do tłumaczy?
Czy tłumaczą Państwo także na ukraiński?
Czy można podzielić fakturę za {p} na dwa centra kosztów?
Czy możemy mieć stałego tłumacza do dokumentów prawnych?
Do której godziny trzeba wysłać pliki, żeby dostać je tego samego dnia?
Czy podpisują Państwo NDA na naszym wzorze?
Czy możemy umówić krótką rozmowę o {p}?
Czy faktura może być w EUR?
Czy weryfikacja medyczna jest w cenie?
Jak liczą Państwo strony rozliczeniowe przy tłumaczeniu przysięgłym?
Czy mogę dostać dostęp do pamięci tłumaczeniowej?
Czy portal może wysyłać powiadomienia do dwóch osób?
Czy ulotka przejdzie weryfikację URPL w tej wersji?
Ile potrwa skład {p} po tłumaczeniu?
Czy mogę prosić o potwierdzenie liczby stron?""".split("\n")

C["pl"]["praise"] = """Ogromne podziękowania dla całego zespołu za {p}. Nasz partner z Niemiec był zachwycony.
Uratowaliście nas z {p}, sąd przyjął wszystko bez uwag.
Jakość trzech ostatnich zleceń jest znakomita, dziękuję.
Współpraca z Państwem to najprzyjemniejsza część naszego procesu.
Dział regulacyjny nie miał ani jednej uwagi do {p}. Brawo!
Dziękuję za zaangażowanie, zwłaszcza w weekend.
Weryfikator wyłapał błąd w naszym oryginale - chapeau bas.
Znowu przed terminem. Dzięki Wam dobrze wypadam u szefa :)
Przedłużyliśmy umowę ramową na kolejny rok, cieszymy się ze współpracy.
Poleciłam Was naszej spółce siostrzanej.
Szybko, dokładnie i miło jak zawsze. Dziękuję.
Świetne propozycje terminologiczne, wprowadzimy je także w polskim oryginale.
Najlepszy dostawca, z jakim pracujemy.
Audytorzy pochwalili spójność tłumaczeń.
Dziękuję za to, jak poradzili sobie Państwo ze zmianami w ostatniej chwili.
To była dostawa na wagę złota, dziękuję!
Sklep w wersji niemieckiej ruszył dziś rano, sprzedaż już jest. Dzięki!
Bardzo doceniam proaktywność przy {p}.
Dokładnie o to chodziło, dziękuję bardzo.
Pani/Pan {n} jest po prostu niezastąpiona/y.""".split("\n")

C["pl"]["demand"] = """Potrzebujemy {p} na jutro do 9:00, bez wyjątków.
Przy takim wolumenie oczekujemy rabatu na tę partię.
Proszę anulować dopłatę za ekspres, to nie nasza wina.
Proszę obniżyć stawkę do 0,30 zł za słowo, inaczej robimy przetarg.
Proszę o wystawienie faktury z terminem 60 dni.
Skład proszę zrobić tym razem bez dodatkowej opłaty.
Zapłacimy po kolejnej rundzie poprawek, bezpłatnej.
Pozostałe dwa języki proszę dostarczyć do piątku, nieważne jak.
Drobne poprawki proszę nie doliczać do faktury.
Potrzebujemy kogoś dostępnego w sobotę.
Oczekujemy 15% rabatu od tego miesiąca.
Proszę usunąć opłatę za zarządzanie projektem z wyceny.
Chcę rozmowy dzisiaj, nie jutro.
Proszę traktować {p} priorytetowo względem innych klientów.
Pominąć QA, ma być szybko.""".split("\n")

C["pl"]["scope_creep"] = """Przy okazji - czy mogą Państwo przetłumaczyć też 40 zrzutów ekranu do {p}? To chwila.
Jeszcze jedna mała runda poprawek w {p}, marketing zmienił zdanie co do hasła.
Dodaliśmy kilka rozdziałów do {p}, proszę je uwzględnić w obecnej wycenie.
Czy można zrobić jeszcze jedno czytanie {p}? Dyrektor chce innego tonu.
W załączniku wersja 7 oryginału, proszę zaktualizować wszystkie języki.
Proszę też sprawdzić polski oryginał pod kątem literówek.
Proszę także zlokalizować grafiki i teksty alternatywne, ten sam termin.
Programiści znowu zmienili klucze, proszę wszystko ponownie zaimportować i sprawdzić.
Glosariusz trzeba rozszerzyć o kolejne 300 terminów w ramach {p}.
Mała prośba: przetłumaczcie też załącznik, 10 stron, to związane z {p}.
Czy ktoś od Was mógłby uczestniczyć w naszych cotygodniowych spotkaniach?
Proszę przerobić {p} według nowego przewodnika stylu (w załączniku).
Kolejna runda zmian w {p} - obiecuję, że ostatnia.
Chcemy broszurę w dwóch formatach, A4 i Letter.
Jeszcze opisy do App Store, 6 języków.""".split("\n")

C["pl"]["service_complaint"] = """Nadal nie dostaliśmy {p}, termin minął {dl}. To już drugi raz w tym miesiącu.
Wysłałam w zeszłym tygodniu trzy maile w sprawie {p} i bez odpowiedzi.
W dostawie {p} były nieprzetłumaczone segmenty i rozsypane znaczniki.
Nikt z Państwa strony nie odpowiedział na pytanie o glosariusz.
Termin {p} znowu przekroczony, musieliśmy się tłumaczyć przed zarządem.
Portal nie działa od wczoraj, zgłoszenie wciąż bez odpowiedzi.
Jakość {p} wyraźnie gorsza niż zwykle, błędna terminologia w połowie dokumentu.
W poniedziałek prosiłem o status {p}. Jest czwartek.
Szczerze mówiąc czas odpowiedzi bardzo się wydłużył w ostatnich miesiącach.
Pliki znowu przyszły w złym formacie, poprawialiśmy sami.
O korektę faktury prosiłam dwa razy i nadal jej nie ma.
Nasi weryfikatorzy znaleźli ponad 40 błędów w {p}. W dokumentacji rejestracyjnej to niedopuszczalne.
Mam wrażenie, że nikt już nie pilnuje naszych projektów.
Zapłaciliśmy za ekspres, a dostawa przyszła dzień po terminie.
Ciągle słyszymy "jutro". Jaki jest faktyczny termin {p}?
Obsługa w ostatnim kwartale nie jest tym, na co się umawialiśmy.
Ostatnią część {p} musieliśmy przetłumaczyć sami, bo nie mogliśmy dłużej czekać.
Rzeczy ciągle umykają po Państwa stronie.
Tłumaczenie przysięgłe miało błąd w nazwisku, wniosek wrócił z sądu.
Nie dostaliśmy nawet potwierdzenia przyjęcia zlecenia.""".split("\n")

C["pl"]["repeat_question"] = """Ponawiam pytanie z {d} - czy jest już termin {p}?
Drugie przypomnienie: proszę o potwierdzenie liczby słów w {p}.
Pytam już trzeci raz: kto nas obsługuje podczas nieobecności {n}?
Nadal czekam na odpowiedź w sprawie dostępu do pamięci tłumaczeniowej.
Przesyłam ponownie moje pytanie poniżej, bo nie dostałem odpowiedzi.
Jest coś nowego? Pytałam o dopłatę za ekspres w zeszłym tygodniu.
Podbijam temat. Musimy wiedzieć, czy glosariusz został zastosowany.
Halo? Czy ktoś się tym zajmuje?
Jak pisałem {d}: proszę o poprawioną wycenę {p}.
Będę wdzięczna za odpowiedź na poprzedniego maila, blokuje nam to wdrożenie.
Jeszcze raz: proszę potwierdzić termin dostawy {p}.
Wciąż brak odpowiedzi w sprawie faktur w EUR.
Wracam z pytaniem o terminologię.
Czy ktoś wreszcie odpowie, czy {p} obejmuje skład?
Moje pytanie z zeszłego tygodnia jest wciąż aktualne: kiedy {p}?""".split("\n")

C["pl"]["person_complaint"] = """Pani/Panie {n}, mam wrażenie, że to, co ustaliliśmy na spotkaniu w sprawie {p}, nie znalazło odzwierciedlenia w wersji końcowej.
Doceniam Pani/Pana wiedzę, ale wolałabym rozmawiać o wyborach terminologicznych, a nie słyszeć, co jest poprawne.
To już trzeci raz, kiedy wspominam o przewodniku stylu. Nie jestem pewna, czy moje uwagi są czytane.
Z całym szacunkiem, nie potrzebuję tłumaczenia, na czym polega lokalizacja - robię to od dwunastu lat.
Obiecał(a) Pan(i) w zeszłym tygodniu sprawdzić glosariusz przed dostawą. Nie zostało to zrobione.
Wolałbym, żebyśmy rozmawiali rzeczowo. Wykład o jakości oryginału nie był potrzebny.
Byłoby mi łatwiej, gdyby najpierw zapytał(a) Pan(i) o nasze priorytety, a potem proponował(a) rozwiązania.
Ustaliliśmy w poniedziałek formę "Państwo". W tekście jest "Ty". Trochę się gubię w tym, jak działają nasze ustalenia.
Prosiłam o warianty, a nie o decyzję za nas.
Proszę pozwolić mi dokończyć myśl podczas naszych rozmów, często czuję się przerywana.
Wolałabym, żeby moje wewnętrzne uwagi nie były przekazywane całemu zespołowi.
Odpowiedź była formalnie poprawna, ale nie dotyczyła tego, o co pytałem.
Kiedy zgłaszam wątpliwość, chciałbym, żeby została przyjęta, a nie wytłumaczona.
Znowu zmienił(a) Pan(i) zatwierdzone terminy bez konsultacji ze mną.
Mam wrażenie, że moje uwagi są ciągle reinterpretowane. Proszę je wprowadzać tak, jak są zapisane.
Po rozmowach z Panią/Panem mam więcej pytań niż przed nimi.
Wolałabym pracować z kimś, kto pilnuje tego, co zostało ustalone.
Zobowiązanie z {d} nie zostało dotrzymane i to się powtarza.
Proszę nie mówić mi, że nasz proces jest zły - wystarczy napisać, czego Pani/Pan od nas potrzebuje.
Nie czuję się wysłuchana w naszej korespondencji. Może porozmawiajmy o tym, jak współpracujemy.
Ciągle muszę przypominać o rzeczach, które już ustaliliśmy.
Ton ostatniego maila był niepotrzebnie protekcjonalny.
Prosiłabym o mniej pouczania, a więcej słuchania.
Czy nasze konto mogłaby przejąć osoba, która ma dla nas więcej czasu? Bez urazy.
Cenię zespół, ale współpraca z Panią/Panem osobiście stała się trudna.""".split("\n")

C["pl"]["hostile"] = """To jest jakiś żart. Czy Wy w ogóle czytacie brief?
Skandaliczna robota. Nie wiem, za co Wam płacimy.
Serio? To jest do niczego. Poprawić natychmiast.
Mam dość Waszych wymówek. Macie dostarczyć to, co zamówiliśmy.
Wasi tłumacze nie mają pojęcia, co robią.
Proszę nie zawracać mi głowy pytaniami, tylko robić swoje.
Najgorszy dostawca, z jakim miałem do czynienia.
Nie chcę kolejnych przeprosin. Chcę plików.
Niekompetencja. Znowu. Zapamiętam to przy odnowieniu umowy.
Kto to zatwierdził? Wygląda jak z tłumacza Google.
Nie obchodzi mnie Wasz proces. Obchodzą mnie wyniki, których nie ma.
Żenada. Student zrobiłby to lepiej.
Oszczędźcie mi tłumaczeń, posprzątajcie ten bałagan.
Skończyła mi się cierpliwość. Tym razem ma być dobrze.
Faktura równie niechlujna jak tłumaczenie.""".split("\n")

C["pl"]["threat"] = """Jeśli {p} nie będzie do {dl}, przenosimy wszystkie języki do innego biura.
W przyszłym miesiącu robimy przegląd dostawców i na razie wypadacie słabo.
Jeszcze jeden przekroczony termin i wypowiadamy umowę ramową.
Jeśli dziś nie dostanę odpowiedzi, piszę do Waszego zarządu.
Nie zapłacimy faktury za {p}, dopóki to nie zostanie poprawione, i rozważamy kroki prawne.
Nasz dział zakupów zaczął szukać alternatyw.
Jeśli jakość się nie poprawi, to będzie nasz ostatni projekt.
Dyrektor poprosił mnie o oferty z dwóch innych biur.
Proszę traktować to jako formalną reklamację.
Bez wyraźnej poprawy nie przedłużymy umowy.
Następnym razem potrącimy opóźnienie z faktury.
Wstrzymujemy płatność do czasu poprawienia błędów.""".split("\n")

C["en"]["proactive"] = None

R = {"en": {}, "pl": {}}
R["en"]["normal"] = """Thanks {c}, noted. We'll deliver {p} by {dl}.
Hi {c}, received - I've passed it to the team and will confirm the schedule by tomorrow.
Thanks for the files. The quote for {p} is attached.
Confirmed, same reviewer as last time.
Good question - repetitions are charged at 30% of the full rate. Details in the attached sheet.
Hi {c}, yes, we can do that. I'll update the PO.
Thanks, I've added the terms to the termbase.
Sure, the call on Thursday works. I'll send an invite.
Hi {c}, the delivery for {p} is in the portal now.
We'll reissue the invoice with your PO number today.
Yes, XLIFF 1.2 is fine, thanks for asking.
Noted, we'll use the formal form throughout.
Hi {c}, the certified translation will be ready on {dl}.
Thanks for the update - we'll wait for the final source before starting.
Happy to help. The Czech is possible, I'll confirm the timeline tomorrow.
Got it, I've updated the SFTP settings.
Thanks {c}, the revised files are attached.
Sure, we'll keep the translator for all legal work.
Thanks, I'll pass the kind words on to the team!
Understood. Status: translation done, review in progress, delivery on {dl}.
Hi {c}, attached is the cost breakdown per language.
Thanks, changes applied and files re-exported.
Of course - we'll add the annex as a separate line to the quote.
We can take {w} words next week, no problem.
Noted, and thanks for the forecast.""".split("\n")
R["en"]["apologetic"] = """I'm really sorry, {c}. The delay on {p} is on us - the files will be with you by tomorrow noon.
You're right, and I apologise. I've put a second reviewer on {p}.
Apologies for the silence - your e-mails fell between two colleagues. I'm now your single point of contact.
Sorry about this. We've corrected the tags and re-delivered.
My apologies, {c}. We'll credit the rush fee on the next invoice.
I'm sorry you had to chase us. Here are the answers to all three questions.
Sorry for the inconvenience - the portal is back up and we're monitoring it.
We dropped the ball on this, I'm sorry. Here's what we're changing.
Apologies, the corrected invoice is attached.
I understand your frustration. A revised delivery plan for {p} is attached.
Sorry for the late reply, I was out sick. The status for {p} is below.
We made a mistake with the glossary and we're fixing it at our cost.
I'm sorry, that should not have happened. I'll call you this afternoon.
Please accept our apologies - the terminology errors are corrected.
Sorry {c}, I've escalated this internally and will update you daily.""".split("\n")
R["en"]["curt"] = """Noted.
Done.
See attached.
Will check.
Ok.
Delivered.
Yes.
Not possible this week.
Tomorrow.
In the portal.
Fixed.
Per the quote.
Received.
Will do.
Friday.""".split("\n")
R["en"]["defensive"] = """Hi {c}, with respect, the terminology we used follows the glossary you approved in March.
To clarify: the deadline moved because the source arrived three days late.
I understand, but our process requires a review step - skipping it would risk quality.
The style guide was applied; the points you mention are preferential changes.
As I explained on the call, the "du" form was in the brief we received.
I'd like to point out that we flagged this risk in our e-mail from {d}.
Our reviewer checked it twice. The term is correct in this context.
The quote clearly stated that DTP is not included.
Just to be accurate: we confirmed a delivery on {dl}, not earlier.
I believe the misunderstanding started with the changed source files.
We did follow up - please see my e-mail from {d}.
That's not quite what was agreed, but we'll look at it.""".split("\n")
R["en"]["proactive"] = """Hi {c}, quick terminology question on {p}: should "Einheit" be "unit" or "module" here?
Hi {c}, the first batch of {p} is delivered to the portal. Review copy attached.
Hi {c}, I'm the reviewer on {p}. Two source segments look contradictory - see the attached query sheet.
Hi {c}, a short note that {p} is on track for {dl}.
Hello {c}, the DTP proofs for {p} are ready for your check.
Hi {c}, we've noticed the source of {p} has strings over the length limit - can we abbreviate?
Hi {c}, our engineer prepared the XLIFF export for {p}. Could you confirm the key format?
Hi {c}, I'm covering for {n} this week. Anything urgent on {p}, just write to me.
Hi {c}, glossary suggestions for {p} attached for your approval.
Hi {c}, {p} is delivered. Let me know if the team has any questions.""".split("\n")

R["pl"]["normal"] = """Dziękuję, przyjęte. {p} dostarczymy do {dl}.
Dzień dobry, otrzymałam - przekazuję zespołowi i jutro potwierdzę harmonogram.
Dziękuję za pliki, wycena {p} w załączniku.
Potwierdzam, ten sam weryfikator co ostatnio.
Powtórzenia liczymy 30% stawki, szczegóły w załączniku.
Tak, da się to zrobić. Zaktualizuję zlecenie.
Dziękuję, terminy dodane do bazy terminologicznej.
Czwartek pasuje, wyślę zaproszenie.
Dostawa {p} jest już w portalu.
Fakturę z numerem zamówienia wystawimy dziś ponownie.
Zastosujemy formę "Państwo" w całym tekście.
Tłumaczenie przysięgłe będzie gotowe {dl}.
Dziękuję za informację, poczekamy na finalny oryginał.
Czeski jest możliwy, jutro potwierdzę termin.
Poprawione pliki w załączniku.
Tak, zostawimy tego samego tłumacza do dokumentów prawnych.
Dziękuję, przekażę miłe słowa zespołowi!
Status: tłumaczenie gotowe, weryfikacja w toku, dostawa {dl}.
Rozbicie kosztów na języki w załączniku.
Zmiany naniesione, pliki wyeksportowane ponownie.
Oczywiście, załącznik wycenimy jako osobną pozycję.
W przyszłym tygodniu przyjmiemy {w} słów, nie ma problemu.
Dziękuję za prognozę, zaplanujemy zasoby.
Oczywiście, proszę przesłać pliki.
Przyjąłem, wracam z informacją do końca dnia.""".split("\n")
R["pl"]["apologetic"] = """Bardzo przepraszam. Opóźnienie {p} to nasza wina - pliki będą jutro do południa.
Ma Pani/Pan rację, przepraszam. Do {p} dołączyłam drugiego weryfikatora.
Przepraszam za brak odpowiedzi - maile trafiły między dwie osoby. Od teraz jestem Państwa jedynym kontaktem.
Przepraszamy, znaczniki poprawione, pliki dostarczone ponownie.
Przepraszam, opłatę za ekspres skorygujemy na kolejnej fakturze.
Przykro mi, że musieli Państwo nas ponaglać. Odpowiedzi na wszystkie trzy pytania poniżej.
Zawaliliśmy, przepraszam. Poniżej lista zmian, które wprowadzamy.
Przepraszam, poprawiona faktura w załączniku.
Rozumiem frustrację. Nowy plan dostaw {p} w załączniku.
Przepraszam za zwłokę, byłem na zwolnieniu. Status {p} poniżej.
Błąd w glosariuszu był po naszej stronie, poprawimy na nasz koszt.
Przepraszam, to nie powinno się zdarzyć. Zadzwonię dziś po południu.
Przepraszamy za błędy terminologiczne, zostały poprawione.
Eskalowałam temat wewnętrznie, będę informować codziennie.
Bardzo mi przykro z powodu błędu w nazwisku, poprawione tłumaczenie wyślemy kurierem.""".split("\n")
R["pl"]["curt"] = """Przyjęte.
Zrobione.
W załączniku.
Sprawdzę.
Ok.
Dostarczone.
Tak.
W tym tygodniu się nie da.
Jutro.
W portalu.
Poprawione.
Zgodnie z wyceną.
Otrzymałem.
Piątek.
Będzie.""".split("\n")
R["pl"]["defensive"] = """Z całym szacunkiem, terminologia jest zgodna z glosariuszem zatwierdzonym w marcu.
Dla jasności: termin przesunął się, bo oryginał dotarł trzy dni później.
Rozumiem, ale nasz proces wymaga weryfikacji - pominięcie jej grozi błędami.
Przewodnik stylu został zastosowany, wskazane uwagi to zmiany preferencyjne.
Jak mówiłam podczas rozmowy, forma "Ty" była w otrzymanym briefie.
Zwracaliśmy uwagę na to ryzyko w mailu z {d}.
Weryfikator sprawdził to dwa razy, termin jest poprawny w tym kontekście.
W wycenie było wyraźnie napisane, że skład nie jest wliczony.
Potwierdzaliśmy dostawę na {dl}, nie wcześniej.
Wydaje mi się, że nieporozumienie zaczęło się od zmienionych plików źródłowych.
Odpowiadaliśmy - proszę zobaczyć mój mail z {d}.
To nie do końca tak było ustalone, ale przyjrzymy się temu.""".split("\n")
R["pl"]["proactive"] = """Dzień dobry, pytanie terminologiczne do {p}: czy "wyrób" tłumaczymy jako "product" czy "device"?
Dzień dobry, pierwsza partia {p} jest w portalu, kopia do weryfikacji w załączniku.
Dzień dobry, jestem weryfikatorem {p}. Dwa fragmenty oryginału wydają się sprzeczne - arkusz pytań w załączniku.
Dzień dobry, krótka informacja: {p} idzie zgodnie z planem na {dl}.
Dzień dobry, korekta składu {p} gotowa do sprawdzenia.
Dzień dobry, w tym tygodniu zastępuję {n}. W pilnych sprawach proszę pisać do mnie.
Propozycje do glosariusza {p} w załączniku do akceptacji.
Dzień dobry, {p} dostarczone. W razie pytań jestem do dyspozycji.
Dzień dobry, czy możemy skrócić teksty przekraczające limit znaków w {p}?
Dzień dobry, przygotowaliśmy eksport XLIFF {p}, proszę potwierdzić format kluczy.""".split("\n")

SUBJ = {
    "en": {"default": ["{p}", "Re: {p}", "{p} - files", "{p} delivery", "Quick question re {p}", "{p} / next steps",
                       "Update {p}", "FW: {p}", "{p} - quote", "Our order {p}"],
           "service_complaint": ["{p} - delay", "Missing delivery {p}", "Issues with {p}", "Complaint: {p}", "{p} STILL open"],
           "repeat_question": ["Reminder: {p}", "2nd reminder - {p}", "Still waiting: {p}", "Follow-up {p}"],
           "hostile": ["{p}!!!", "{p} - unacceptable", "WTF {p}", "{p} again"],
           "threat": ["{p} - final warning", "Vendor review", "Escalation: {p}", "Formal complaint {p}"],
           "proactive": ["{p} - query", "{p}: delivered", "{p} status", "Terminology query {p}", "{p} proofs"]},
    "pl": {"default": ["{p}", "Re: {p}", "{p} - pliki", "Dostawa {p}", "Pytanie ws. {p}", "{p} / kolejne kroki",
                       "Zlecenie {p}", "PD: {p}", "{p} - wycena", "Tłumaczenie {p}"],
           "service_complaint": ["{p} - opóźnienie", "Brak dostawy {p}", "Reklamacja {p}", "Problem z {p}", "{p} NADAL otwarte"],
           "repeat_question": ["Przypomnienie: {p}", "Ponownie: {p}", "Nadal czekam - {p}", "Ponaglenie {p}"],
           "hostile": ["{p}!!!", "{p} - skandal", "{p} znowu", "{p} - to jest niedopuszczalne"],
           "threat": ["{p} - ostatnie ostrzeżenie", "Przegląd dostawców", "Eskalacja: {p}", "Reklamacja formalna {p}"],
           "proactive": ["{p} - pytanie", "{p}: dostarczone", "Status {p}", "Pytanie terminologiczne {p}", "{p} korekta"]},
}

TICKETS = {
    "en": {"question": ["Can't upload XLIFF to portal", "How do I add a second approver?", "TM download request",
                        "Where is the invoice for last month?", "Portal login for new colleague", "Change of project deadline",
                        "Question about word count report", "Need API token for connector"],
           "service_complaint": ["Portal down again - no response", "Files stuck in 'processing' for 3 days",
                                 "Delivery missing from portal", "Nobody replied to my previous ticket",
                                 "Wrong files delivered"],
           "repeat_question": ["Re: still no answer on my upload issue", "Third request: TM download", "Follow-up on ticket, no reply"],
           "hostile": ["Your portal is useless", "Fix this NOW", "Absolutely ridiculous service"]},
    "pl": {"question": ["Nie mogę wgrać pliku do portalu", "Jak dodać drugą osobę zatwierdzającą?", "Prośba o eksport TM",
                        "Gdzie jest faktura za zeszły miesiąc?", "Dostęp do portalu dla nowej osoby", "Zmiana terminu projektu",
                        "Pytanie o raport liczby słów"],
           "service_complaint": ["Portal znowu nie działa - brak odpowiedzi", "Pliki od 3 dni w statusie 'przetwarzanie'",
                                 "Brak dostawy w portalu", "Nikt nie odpowiedział na poprzednie zgłoszenie", "Dostarczono złe pliki"],
           "repeat_question": ["Ponownie: brak odpowiedzi w sprawie wgrywania", "Trzecia prośba: eksport TM", "Ponaglenie zgłoszenia"],
           "hostile": ["Ten portal to porażka", "Naprawcie to NATYCHMIAST", "Skandaliczna obsługa"]},
}

SIG_EN = ["{first} {last}\n{role}\n{co}", "{first}", "{first} {last}", "-- \n{first} {last} | {role} | {co}",
          "{first}\n\nSent from my iPhone", "{first} ({co})"]
SIG_PL = ["{first} {last}\n{role}\n{co}", "{first}", "{first} {last}", "-- \n{first} {last}\n{co}",
          "{first}\n\nWysłane z iPhone'a"]
ROLES_EN = ["Localization Manager", "Head of Content", "Paralegal", "Product Manager", "Technical Writer", "Marketing Lead",
            "Office Manager", "Associate", "Documentation Lead"]
ROLES_PL = ["Specjalista ds. rejestracji", "Kierownik marketingu", "Asystentka zarządu", "Radca prawny",
            "E-commerce manager", "Koordynator projektów"]

FOLD = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def strip_pl(s):
    return s.translate(FOLD)


def _fill(rng, tpl, project, staff, contact, client, date=None):
    d = (date or dt.date(2026, 1, 1)) - dt.timedelta(days=rng.randint(2, 12))
    dl = (date or dt.date(2026, 1, 1)) + dt.timedelta(days=rng.randint(2, 14))
    fmt = "%d.%m.%Y" if client["lang"] == "pl" or client["region"] in ("DE", "CH") else "%b %d"
    return tpl.format(n=staff["first"], c=contact["first"], p=project, d=d.strftime(fmt), dl=dl.strftime(fmt),
                      w=rng.choice([800, 1200, 2500, 3400, 5000, 7800, 12000, 15500]), co=client["name"])


def _typos(rng, s):
    if rng.random() < 0.12 and len(s) > 20:
        i = rng.randint(5, len(s) - 5)
        if s[i].isalpha() and s[i + 1].isalpha():
            s = s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s


def client_msg(rng, lang, cat, project, staff, contact, client, date):
    bank = C[lang].get(cat) or C[lang]["routine"]
    core = _fill(rng, rng.choice(bank), project, staff, contact, client, date)
    if rng.random() < 0.3 and cat in ("routine", "friendly", "question"):
        core += " " + _fill(rng, rng.choice(C[lang]["routine"]), project, staff, contact, client, date)
    core = _typos(rng, core)
    greet = _fill(rng, rng.choice(GREET[lang]), project, staff, contact, client, date)
    if cat in ("hostile",) and rng.random() < 0.6:
        greet = rng.choice(["", staff["first"] + ","])
    close = rng.choice(CLOSE[lang]) if cat not in ("hostile", "threat") or rng.random() < 0.3 else ""
    sig = rng.choice(SIG_PL if lang == "pl" else SIG_EN).format(
        first=contact["first"], last=contact["last"], co=client["legal"],
        role=contact.get("title") or rng.choice(ROLES_PL if lang == "pl" else ROLES_EN))
    parts = [p for p in [greet, "", core, "", close, sig] if p is not None]
    return "\n".join(parts).replace("\n\n\n", "\n\n")


def our_reply(rng, lang, kind, project, staff, contact, client):
    bank = R[lang][kind]
    core = _fill(rng, rng.choice(bank), project, staff, contact, client)
    if kind == "curt":
        return core + "\n" + staff["first"]
    greet = (rng.choice(["Hi {c},", "Hello {c},", "Dear {c},", "{c},"]) if lang == "en" else
             rng.choice(["Dzień dobry,", "Dzień dobry Pani/Panie {c},", "Witam,", "Cześć {c},"])).format(c=contact["first"])
    if core.startswith(("Hi ", "Hello ", "Dzień dobry")):
        greet = ""
    close = rng.choice(["Best regards,", "Kind regards,", "Best,", "Thanks,"] if lang == "en"
                       else ["Pozdrawiam,", "Z poważaniem,", "Pozdrawiam serdecznie,"])
    sig = f"{staff['first']} {staff['last']}\n{staff['role'].capitalize()}\nLingwa Most | Warszawa · Berlin\n"
    return "\n".join([greet, "", core, "", close, sig]).strip("\n")


def quote(rng, lang, reply, original, contact, t):
    if rng.random() < 0.5:
        return reply
    q = "\n".join("> " + l for l in original.split("\n"))
    if lang == "pl":
        hdr = f"W dniu {t.strftime('%d.%m.%Y o %H:%M')} {contact['first']} {contact['last']} <{contact['email']}> napisał(a):"
    else:
        hdr = f"On {t.strftime('%a, %b %d, %Y at %I:%M %p')} {contact['first']} {contact['last']} <{contact['email']}> wrote:"
    return reply + "\n\n" + hdr + "\n" + q


def subject(rng, lang, cat, project):
    b = SUBJ[lang].get(cat) or SUBJ[lang]["default"]
    return rng.choice(b).format(p=project)


def ticket_subject(rng, lang, kind):
    return rng.choice(TICKETS[lang][kind])


# ----------------------------------------------------------------------------- more hand-written lines
def _more(d, key, text):
    d[key] = d[key] + [l for l in text.strip("\n").split("\n") if l.strip()]


_more(C["en"], "demand", """
I need the updated files today. Not tomorrow, today.
Please send us a credit note for the delay on {p}.
We want a fixed price for {p}, not per word.
Please assign your most senior translator to us, we don't want juniors on our account.
We expect free proofreading of anything our marketing team writes in Polish.
""")
_more(C["en"], "scope_creep", """
Our legal team added two clauses to {p}, please fold them in - no need for a new quote, right?
Could you also localise the PDF forms? They're part of the same release.
We changed the screenshots, could you re-do the callouts in all languages?
Just one more language for {p}: Hungarian. Same deadline please.
The client portal copy also needs a refresh, could you take a look as part of {p}?
""")
_more(C["en"], "service_complaint", """
The translation memory wasn't applied - we're seeing old terms we replaced months ago.
I asked for a call two weeks ago and still haven't heard back.
The certified copy for {p} was sent to the wrong address.
We were promised a delivery plan for {p}. We never got one.
Your team delivered the German file into the French folder. Again.
""")
_more(C["en"], "repeat_question", """
I asked this on {d} and again on Monday: which TM did you use for {p}?
Third time: please send the invoice in EUR.
We're still waiting on an answer about the reviewer for {p}.
Does anyone read this inbox? My question from {d} is still open.
Following up, again, on the character limit question for {p}.
Still hoping for an answer on the cost of the Czech version.
Sorry to chase, but I need that date for {p} for our release plan.
Please, a simple yes or no on whether {p} includes DTP.
Reposting my question from last week, see below.
Gentle nudge - the question about the glossary is still open.
""")
_more(C["en"], "hostile", """
Do I have to do everything myself? Unbelievable.
You people are a disaster. Period.
Read. The. Glossary.
I've had enough of this amateur hour.
Another week, another screw-up. Great job.
""")
_more(C["en"], "threat", """
If this happens again, we'll be talking to our lawyers about the SLA.
We'll reconsider the retainer at the end of the quarter unless things change.
I'm putting you on notice: one more late delivery and we're done.
Our CFO wants to know why we shouldn't just switch to a cheaper agency.
We've got a quote from your competitor on my desk. Give me a reason not to sign it.
I'll be reporting this to our procurement as a breach of contract.
Fix this today or don't bother sending the invoice.
If the court deadline is missed because of you, we'll hold you liable.
We're this close to terminating. Your call.
Expect a formal termination notice if we don't get {p} by {dl}.
""")
_more(R["en"], "apologetic", """
Apologies for the wait, {c} - here is the full status of {p}.
I'm sorry, we misread the brief. Corrected files are attached at no charge.
You're absolutely right to chase us. I've set up a daily check on your account.
Sorry, {c}. We'll deliver the missing languages tonight.
My apologies for the back-and-forth. I've attached everything in one place now.
Apologies - the TM wasn't attached to the project. Re-run and re-delivered.
I'm very sorry about the certified copy. A new one is on its way by courier.
Sorry for missing your call - I'll ring you first thing tomorrow.
We let you down on {p}. I'd like to walk you through what went wrong.
Apologies, {c}, that answer should have come days ago. Here it is.
""")
_more(R["en"], "curt", """
As agreed.
See portal.
Not included.
Next week.
Correct.
No.
Sent yesterday.
Check the quote.
Handled.
Later today.
""")
_more(R["en"], "defensive", """
We answered this on {d}; the delay came from the late source files.
The term you flagged is the one in your own termbase.
Our QA report shows no errors in those segments.
I'm afraid the scope you describe wasn't part of the order.
Respectfully, our reviewer is a certified specialist in this field.
With all due respect, changing the brief mid-project has consequences.
The portal status showed the files as pending your approval.
We delivered on the date stated in the order confirmation.
The German style choices are standard for technical documentation.
I don't agree that the quality was below standard - see the attached QA log.
That was explained in the kick-off call.
Please check your spam folder; we sent it on {d}.
The rush fee was listed in the quote you approved.
""")
_more(R["en"], "proactive", """
Hi {c}, just checking in - anything coming up for next month we should plan for?
Hi {c}, the TM for {p} has been cleaned up; you'll see better match rates.
Hi {c}, I'm the new DTP specialist on your account. The proofs for {p} are attached.
Hi {c}, a reminder that our office is closed on Friday - {p} will be delivered Thursday.
Hi {c}, the certified copies of {p} have been posted today.
Hi {c}, quick question about the target audience for {p}: formal or informal?
Hi {c}, the glossary for {p} now has 120 approved terms. Thanks for the input!
Hi {c}, we found a duplicate string in {p} - should both be translated the same?
Hi {c}, our engineer has set up the connector, the next batch will sync automatically.
Hi {c}, happy to report {p} passed the in-country review.
Hi {c}, the reviewer had one question about the abbreviations in {p}.
Hi {c}, sending the monthly report for your retainer.
Hi {c}, could we schedule a short quarterly review?
Hi {c}, {p}: a few segments need your input, see comments in the file.
Hi {c}, {n} is on holiday until Monday; I'm your contact for {p}.
""")

_more(C["pl"], "praise", """
Dziękuję za błyskawiczne tłumaczenie przysięgłe, urząd przyjął bez zastrzeżeń.
Nasza dyrektor medyczna chwaliła jakość ChPL, dziękujemy.
Ekstra robota przy {p}, naprawdę.
Dziękuję za cierpliwość przy naszych ciągłych zmianach.
Opisy produktów po niemiecku konwertują lepiej niż polskie :) Brawo.
""")
_more(C["pl"], "demand", """
Potrzebuję plików dzisiaj. Nie jutro.
Proszę o fakturę korygującą za opóźnienie {p}.
Chcemy ryczałtu za {p}, nie stawki za słowo.
Prosimy o najbardziej doświadczonego tłumacza, nie chcemy juniorów.
Oczekujemy bezpłatnej korekty wszystkich tekstów marketingowych.
Proszę o dostawę przed 8 rano, zawsze.
Proszę dodać skład za darmo, przy takim wolumenie to chyba oczywiste.
Termin płatności proszę ustawić na 90 dni.
Potrzebujemy osoby pod telefonem w weekend.
Proszę nie doliczać dopłat za pliki PDF.
""")
_more(C["pl"], "scope_creep", """
Dział prawny dopisał dwie klauzule do {p}, proszę je wpleść - nowa wycena chyba niepotrzebna?
Czy mogą Państwo zlokalizować też formularze PDF? To część tego samego wdrożenia.
Zmieniliśmy zrzuty ekranu, proszę poprawić opisy we wszystkich językach.
Jeszcze jeden język do {p}: węgierski. Termin bez zmian.
Przy okazji proszę odświeżyć teksty w panelu klienta.
Czy możecie przygotować też napisy do filmu produktowego?
Proszę dodać jeszcze wersję słowacką, to przecież prawie to samo.
Mała zmiana w układzie tabel w {p}, proszę przełożyć na wszystkie wersje.
Jeszcze raz prosimy o czytanie całości po zmianach w oryginale.
Dołożyliśmy 20 nowych produktów do {p}, w ramach tej samej ceny?
""")
_more(C["pl"], "service_complaint", """
Pamięć tłumaczeniowa nie została użyta - widzimy stare terminy.
Dwa tygodnie temu prosiłam o rozmowę i nadal nic.
Poświadczona kopia {p} poszła na zły adres.
Obiecano nam harmonogram dostaw {p}. Nigdy go nie dostaliśmy.
Plik niemiecki znowu trafił do folderu francuskiego.
""")
_more(C["pl"], "repeat_question", """
Pytałam {d} i w poniedziałek: jakiej pamięci użyliście do {p}?
Trzeci raz: proszę o fakturę w EUR.
Wciąż czekamy na informację, kto weryfikuje {p}.
Czy ktoś czyta tę skrzynkę? Moje pytanie z {d} jest nadal otwarte.
Ponownie pytam o limity znaków w {p}.
Nadal liczę na odpowiedź w sprawie kosztu wersji czeskiej.
Przepraszam, że ponaglam, ale potrzebuję daty {p} do planu wdrożenia.
Proszę o proste tak lub nie: czy {p} obejmuje skład?
Ponawiam pytanie z zeszłego tygodnia, treść poniżej.
Uprzejmie przypominam o pytaniu dotyczącym glosariusza.
""")
_more(C["pl"], "hostile", """
Czy ja muszę wszystko robić sam? Niewiarygodne.
Jesteście katastrofą. Kropka.
Czytać. Glosariusz. Ze zrozumieniem.
Mam dość tej amatorszczyzny.
Kolejny tydzień, kolejna wpadka. Gratuluję.
Kto u Was w ogóle odpowiada za jakość? Bo na pewno nie tłumacze.
Nie róbcie ze mnie idioty tymi tłumaczeniami.
Wstyd mi pokazać to zarządowi.
Znowu to samo. Ręce opadają.
Tak się nie pracuje. Tak się marnuje cudzy czas.
""")
_more(C["pl"], "threat", """
Jeśli to się powtórzy, skierujemy sprawę do prawników w związku z SLA.
Na koniec kwartału rozważymy rezygnację z abonamentu.
Uprzedzam: jeszcze jedno opóźnienie i kończymy współpracę.
Dyrektor finansowy pyta, dlaczego nie przejść do tańszego biura.
Mam na biurku ofertę konkurencji. Proszę o powód, żeby jej nie podpisać.
Zgłoszę to do działu zakupów jako naruszenie umowy.
Proszę to naprawić dziś albo nie wysyłać faktury.
Jeśli przez Was przepadnie termin sądowy, poniesiecie odpowiedzialność.
Jesteśmy o krok od wypowiedzenia.
Bez {p} do {dl} wysyłamy wypowiedzenie.
Wystawię opinię o Waszych usługach, i nie będzie pochlebna.
Przekazuję ten wątek prezesowi.
Rozważamy zgłoszenie reklamacji na piśmie z żądaniem obniżenia ceny.
""")
_more(R["pl"], "apologetic", """
Przepraszam za zwłokę - poniżej pełny status {p}.
Przepraszamy, źle odczytaliśmy brief. Poprawione pliki bez dodatkowych kosztów.
Słusznie Pani/Pan nas ponagla. Ustawiłam codzienną kontrolę Państwa projektów.
Przepraszam, brakujące języki dostarczymy dziś wieczorem.
Przepraszam za zamieszanie, wszystko w jednym miejscu w załączniku.
Pamięć nie była podpięta do projektu, przepraszamy. Poprawione i dostarczone ponownie.
Bardzo przepraszam za kopię poświadczoną, nowa jest już u kuriera.
Przepraszam, że nie odebrałam - zadzwonię jutro z samego rana.
Zawiedliśmy przy {p}. Chciałabym omówić, co poszło nie tak.
Przepraszam, ta odpowiedź powinna była przyjść kilka dni temu. Oto ona.
""")
_more(R["pl"], "curt", """
Jak ustalono.
Patrz portal.
Nie wliczone.
W przyszłym tygodniu.
Zgadza się.
Nie.
Wysłane wczoraj.
Proszę sprawdzić wycenę.
Załatwione.
Dziś później.
""")
_more(R["pl"], "defensive", """
Odpowiadaliśmy {d}; opóźnienie wynikło z późno dostarczonych plików.
Wskazany termin pochodzi z Państwa własnej bazy terminologicznej.
Raport QA nie wykazuje błędów w tych segmentach.
Obawiam się, że opisany zakres nie był częścią zlecenia.
Nasz weryfikator jest lekarzem, termin jest poprawny.
Zmiana briefu w trakcie projektu ma swoje konsekwencje.
W portalu pliki miały status "czeka na akceptację klienta".
Dostarczyliśmy w terminie wskazanym w potwierdzeniu zlecenia.
Nie zgadzam się, że jakość była niższa - w załączniku raport QA.
To było omówione na spotkaniu otwierającym.
Proszę sprawdzić folder spam, wysyłaliśmy {d}.
Dopłata za ekspres była w zatwierdzonej wycenie.
Tłumaczenie przysięgłe odpowiada oryginałowi, błąd był w dokumencie źródłowym.
""")
_more(R["pl"], "proactive", """
Dzień dobry, czy w przyszłym miesiącu planują Państwo większe zlecenia?
Dzień dobry, pamięć do {p} została uporządkowana, dopasowania będą wyższe.
Dzień dobry, jestem nową osobą od składu w Państwa projektach. Korekty {p} w załączniku.
Przypominam, że w piątek biuro jest nieczynne - {p} dostarczymy w czwartek.
Dzień dobry, poświadczone kopie {p} zostały dziś nadane.
Pytanie o odbiorców {p}: forma oficjalna czy swobodna?
Glosariusz {p} ma już 120 zatwierdzonych terminów, dziękujemy za pomoc.
W {p} jest zduplikowany tekst - tłumaczymy oba tak samo?
Nasz inżynier skonfigurował konektor, kolejne partie zsynchronizują się same.
Dzień dobry, {p} przeszło weryfikację lokalną.
Weryfikator ma jedno pytanie o skróty w {p}.
W załączniku miesięczny raport z abonamentu.
Czy możemy umówić krótkie podsumowanie kwartału?
Kilka segmentów w {p} wymaga Państwa decyzji - komentarze w pliku.
{n} jest na urlopie do poniedziałku, w sprawie {p} proszę pisać do mnie.
""")
