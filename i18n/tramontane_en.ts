<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ChatJson</name>
    <message>
        <source>must be a string</source>
        <translation>must be a string</translation>
    </message>
    <message>
        <source>is longer than %1 characters</source>
        <translation>is longer than %1 characters</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>must be true or false</translation>
    </message>
    <message>
        <source>must be a whole number from 0 to 2^53</source>
        <translation>must be a whole number from 0 to 2^53</translation>
    </message>
    <message>
        <source>must be a time like 2024-05-01T12:00:00.000Z</source>
        <translation>must be a time like 2024-05-01T12:00:00.000Z</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>must be an object</translation>
    </message>
    <message>
        <source>must be an array</source>
        <translation>must be an array</translation>
    </message>
    <message>
        <source>is too large</source>
        <translation>is too large</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; %3</source>
        <translation>%1: &apos;%2&apos; %3</translation>
    </message>
    <message>
        <source>%1: must be an object</source>
        <translation>%1: must be an object</translation>
    </message>
    <message>
        <source>repeats an earlier message id</source>
        <translation>repeats an earlier message id</translation>
    </message>
    <message>
        <source>refers to message %1, which does not come earlier</source>
        <translation>refers to message %1, which does not come earlier</translation>
    </message>
    <message>
        <source>must be &quot;system&quot;, &quot;user&quot; or &quot;assistant&quot;</source>
        <translation>must be &quot;system&quot;, &quot;user&quot; or &quot;assistant&quot;</translation>
    </message>
    <message>
        <source>is not a known stop reason</source>
        <translation>is not a known stop reason</translation>
    </message>
    <message>
        <source>%1: &apos;messages&apos; must be an array</source>
        <translation>%1: &apos;messages&apos; must be an array</translation>
    </message>
    <message>
        <source>%1: more than %2 messages</source>
        <translation>%1: more than %2 messages</translation>
    </message>
    <message>
        <source>%1: more than %2 messages in the file</source>
        <translation>%1: more than %2 messages in the file</translation>
    </message>
    <message>
        <source>%1, message %2</source>
        <translation>%1, message %2</translation>
    </message>
    <message>
        <source>refers to message %1, which is not in this conversation</source>
        <translation>refers to message %1, which is not in this conversation</translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 MiB</source>
        <translation>%1: the file is larger than %2 MiB</translation>
    </message>
    <message>
        <source>%1: not valid JSON at byte %2: %3</source>
        <translation>%1: not valid JSON at byte %2: %3</translation>
    </message>
    <message>
        <source>%1: the top level must be a JSON object</source>
        <translation>%1: the top level must be a JSON object</translation>
    </message>
    <message>
        <source>%1: not a Tramontane chat export (&apos;format&apos; is not &quot;%2&quot;)</source>
        <translation>%1: not a Tramontane chat export (&apos;format&apos; is not &quot;%2&quot;)</translation>
    </message>
    <message>
        <source>%1: made by a newer Tramontane (format version %2; this one reads %3)</source>
        <translation>%1: made by a newer Tramontane (format version %2; this one reads %3)</translation>
    </message>
    <message>
        <source>%1: unsupported format version</source>
        <translation>%1: unsupported format version</translation>
    </message>
    <message>
        <source>%1: &apos;conversations&apos; must be an array</source>
        <translation>%1: &apos;conversations&apos; must be an array</translation>
    </message>
    <message>
        <source>%1: more than %2 conversations</source>
        <translation>%1: more than %2 conversations</translation>
    </message>
    <message>
        <source>%1: conversation %2</source>
        <translation>%1: conversation %2</translation>
    </message>
    <message>
        <source>is not valid Unicode (an unpaired surrogate)</source>
        <translation>is not valid Unicode (an unpaired surrogate)</translation>
    </message>
</context>
<context>
    <name>ChatStore</name>
    <message>
        <source>%1: %2: %3</source>
        <translation>%1: %2: %3</translation>
    </message>
    <message>
        <source>the history database is not open</source>
        <translation>the history database is not open</translation>
    </message>
    <message>
        <source>%1: the history database was used from a thread that did not open it</source>
        <translation>%1: the history database was used from a thread that did not open it</translation>
    </message>
    <message>
        <source>%1: cannot create the folder %2</source>
        <translation>%1: cannot create the folder %2</translation>
    </message>
    <message>
        <source>%1 gave &apos;%2&apos; (expected &apos;%3&apos;)</source>
        <translation>%1 gave &apos;%2&apos; (expected &apos;%3&apos;)</translation>
    </message>
    <message>
        <source>%1: cannot open the history database: %2</source>
        <translation>%1: cannot open the history database: %2</translation>
    </message>
    <message>
        <source>%1: cannot read the history database: %2</source>
        <translation>%1: cannot read the history database: %2</translation>
    </message>
    <message>
        <source>%1: cannot switch to WAL journaling: %2</source>
        <translation>%1: cannot switch to WAL journaling: %2</translation>
    </message>
    <message>
        <source>%1: cannot set synchronous=FULL: %2</source>
        <translation>%1: cannot set synchronous=FULL: %2</translation>
    </message>
    <message>
        <source>%1: cannot enable foreign keys: %2</source>
        <translation>%1: cannot enable foreign keys: %2</translation>
    </message>
    <message>
        <source>%1: foreign keys are not available: %2</source>
        <translation>%1: foreign keys are not available: %2</translation>
    </message>
    <message>
        <source>cannot create the conversation</source>
        <translation>cannot create the conversation</translation>
    </message>
    <message>
        <source>the title is too long</source>
        <translation>the title is too long</translation>
    </message>
    <message>
        <source>cannot read the conversation</source>
        <translation>cannot read the conversation</translation>
    </message>
    <message>
        <source>there is no conversation %1</source>
        <translation>there is no conversation %1</translation>
    </message>
    <message>
        <source>cannot list the conversations</source>
        <translation>cannot list the conversations</translation>
    </message>
    <message>
        <source>cannot rename the conversation</source>
        <translation>cannot rename the conversation</translation>
    </message>
    <message>
        <source>cannot pin the conversation</source>
        <translation>cannot pin the conversation</translation>
    </message>
    <message>
        <source>cannot set the conversation&apos;s preset</source>
        <translation>cannot set the conversation&apos;s preset</translation>
    </message>
    <message>
        <source>cannot set the conversation&apos;s model</source>
        <translation>cannot set the conversation&apos;s model</translation>
    </message>
    <message>
        <source>cannot delete the conversation</source>
        <translation>cannot delete the conversation</translation>
    </message>
    <message>
        <source>cannot restore the conversation</source>
        <translation>cannot restore the conversation</translation>
    </message>
    <message>
        <source>cannot purge deleted conversations</source>
        <translation>cannot purge deleted conversations</translation>
    </message>
    <message>
        <source>there is no message %1</source>
        <translation>there is no message %1</translation>
    </message>
    <message>
        <source>cannot save the message</source>
        <translation>cannot save the message</translation>
    </message>
    <message>
        <source>the message is too long</source>
        <translation>the message is too long</translation>
    </message>
    <message>
        <source>conversation %1 is deleted</source>
        <translation>conversation %1 is deleted</translation>
    </message>
    <message>
        <source>cannot save the edited message</source>
        <translation>cannot save the edited message</translation>
    </message>
    <message>
        <source>message %1 is not a user message</source>
        <translation>message %1 is not a user message</translation>
    </message>
    <message>
        <source>cannot read the message</source>
        <translation>cannot read the message</translation>
    </message>
    <message>
        <source>cannot read the messages</source>
        <translation>cannot read the messages</translation>
    </message>
    <message>
        <source>cannot show the branch</source>
        <translation>cannot show the branch</translation>
    </message>
    <message>
        <source>cannot save the moderation verdict</source>
        <translation>cannot save the moderation verdict</translation>
    </message>
    <message>
        <source>cannot start the answer</source>
        <translation>cannot start the answer</translation>
    </message>
    <message>
        <source>cannot save the answer</source>
        <translation>cannot save the answer</translation>
    </message>
    <message>
        <source>message %1 is not streaming</source>
        <translation>message %1 is not streaming</translation>
    </message>
    <message>
        <source>the answer is too long</source>
        <translation>the answer is too long</translation>
    </message>
    <message>
        <source>a finished answer needs a stop reason</source>
        <translation>a finished answer needs a stop reason</translation>
    </message>
    <message>
        <source>cannot recover interrupted answers</source>
        <translation>cannot recover interrupted answers</translation>
    </message>
    <message>
        <source>cannot search</source>
        <translation>cannot search</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>You</source>
        <translation>You</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <source>still being written</source>
        <translation>still being written</translation>
    </message>
    <message>
        <source>cut at the token limit</source>
        <translation>cut at the token limit</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>context full</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
    <message>
        <source>ended by an error</source>
        <translation>ended by an error</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrupted</translation>
    </message>
    <message>
        <source>*Created %1; last changed %2.*</source>
        <translation>*Created %1; last changed %2.*</translation>
    </message>
    <message>
        <source>preset: %1</source>
        <translation>preset: %1</translation>
    </message>
    <message>
        <source>cannot import the conversations</source>
        <translation>cannot import the conversations</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: cannot read: %2</translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 MiB</source>
        <translation>%1: the file is larger than %2 MiB</translation>
    </message>
    <message>
        <source>negative token count or seed</source>
        <translation>negative token count or seed</translation>
    </message>
    <message>
        <source>message %1 is not an answer</source>
        <translation>message %1 is not an answer</translation>
    </message>
</context>
<context>
    <name>DamagedHistoryDialog</name>
    <message>
        <source>Damaged chat history</source>
        <translation>Damaged chat history</translation>
    </message>
    <message>
        <source>The chat history file is damaged and cannot be opened:
%1</source>
        <translation>The chat history file is damaged and cannot be opened:
%1</translation>
    </message>
    <message>
        <source>Tramontane can keep the damaged file under a new name beside it (nothing is deleted) and start with an empty history; backups are in the backups folder next to it. Or quit and leave the file as it is.</source>
        <translation>Tramontane can keep the damaged file under a new name beside it (nothing is deleted) and start with an empty history; backups are in the backups folder next to it. Or quit and leave the file as it is.</translation>
    </message>
    <message>
        <source>Keep a copy and start fresh</source>
        <translation>Keep a copy and start fresh</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>HistorySafety</name>
    <message>
        <source>%1: cannot rename the damaged history to %2</source>
        <translation>%1: cannot rename the damaged history to %2</translation>
    </message>
    <message>
        <source>%1: cannot move %2 aside</source>
        <translation>%1: cannot move %2 aside</translation>
    </message>
    <message>
        <source>%1: cannot create the backup folder</source>
        <translation>%1: cannot create the backup folder</translation>
    </message>
    <message>
        <source>%1: cannot write the backup %2: %3</source>
        <translation>%1: cannot write the backup %2: %3</translation>
    </message>
    <message>
        <source>%1: cannot replace the backup</source>
        <translation>%1: cannot replace the backup</translation>
    </message>
    <message>
        <source>%1: cannot write the backup</source>
        <translation>%1: cannot write the backup</translation>
    </message>
    <message>
        <source>%1: cannot remove an old backup</source>
        <translation>%1: cannot remove an old backup</translation>
    </message>
</context>
<context>
    <name>ModerationStore</name>
    <message>
        <source>%1: cannot save the moderation run: %2</source>
        <translation>%1: cannot save the moderation run: %2</translation>
    </message>
    <message>
        <source>%1: cannot save the moderation results: %2</source>
        <translation>%1: cannot save the moderation results: %2</translation>
    </message>
    <message>
        <source>%1: cannot read the moderation runs: %2</source>
        <translation>%1: cannot read the moderation runs: %2</translation>
    </message>
    <message>
        <source>there is no moderation run %1</source>
        <translation>there is no moderation run %1</translation>
    </message>
    <message>
        <source>%1: cannot read the moderation results: %2</source>
        <translation>%1: cannot read the moderation results: %2</translation>
    </message>
    <message>
        <source>%1: cannot delete the moderation run: %2</source>
        <translation>%1: cannot delete the moderation run: %2</translation>
    </message>
</context>
<context>
    <name>PresetStore</name>
    <message>
        <source>None</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Mistral guardrail</source>
        <translation>Mistral guardrail</translation>
    </message>
    <message>
        <source>Llama 2 safety prompt</source>
        <translation>Llama 2 safety prompt</translation>
    </message>
    <message>
        <source>%1: cannot read the preset</source>
        <translation>%1: cannot read the preset</translation>
    </message>
    <message>
        <source>%1: not a valid preset file</source>
        <translation>%1: not a valid preset file</translation>
    </message>
    <message>
        <source>the built-in presets are missing from this build</source>
        <translation>the built-in presets are missing from this build</translation>
    </message>
    <message>
        <source>%1: cannot read the presets: %2</source>
        <translation>%1: cannot read the presets: %2</translation>
    </message>
    <message>
        <source>there is no preset &apos;%1&apos;</source>
        <translation>there is no preset &apos;%1&apos;</translation>
    </message>
    <message>
        <source>a preset needs a name</source>
        <translation>a preset needs a name</translation>
    </message>
    <message>
        <source>the preset name is longer than %1 characters</source>
        <translation>the preset name is longer than %1 characters</translation>
    </message>
    <message>
        <source>the preset text is longer than %1 characters</source>
        <translation>the preset text is longer than %1 characters</translation>
    </message>
    <message>
        <source>a preset named &apos;%1&apos; already exists</source>
        <translation>a preset named &apos;%1&apos; already exists</translation>
    </message>
    <message>
        <source>no free name for the preset &apos;%1&apos;</source>
        <translation>no free name for the preset &apos;%1&apos;</translation>
    </message>
    <message>
        <source>%1: cannot save the preset: %2</source>
        <translation>%1: cannot save the preset: %2</translation>
    </message>
    <message>
        <source>the built-in preset &apos;%1&apos; cannot be changed; duplicate it</source>
        <translation>the built-in preset &apos;%1&apos; cannot be changed; duplicate it</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (copy)</translation>
    </message>
    <message>
        <source>the built-in preset &apos;%1&apos; cannot be deleted</source>
        <translation>the built-in preset &apos;%1&apos; cannot be deleted</translation>
    </message>
    <message>
        <source>%1: cannot delete the preset: %2</source>
        <translation>%1: cannot delete the preset: %2</translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 MiB</source>
        <translation>%1: the file is larger than %2 MiB</translation>
    </message>
    <message>
        <source>%1: not valid JSON at byte %2: %3</source>
        <translation>%1: not valid JSON at byte %2: %3</translation>
    </message>
    <message>
        <source>%1: not a Tramontane preset file</source>
        <translation>%1: not a Tramontane preset file</translation>
    </message>
    <message>
        <source>%1: unsupported preset file version</source>
        <translation>%1: unsupported preset file version</translation>
    </message>
    <message>
        <source>%1: &apos;presets&apos; must be an array</source>
        <translation>%1: &apos;presets&apos; must be an array</translation>
    </message>
    <message>
        <source>%1: more than %2 presets</source>
        <translation>%1: more than %2 presets</translation>
    </message>
    <message>
        <source>%1: preset %2</source>
        <translation>%1: preset %2</translation>
    </message>
    <message>
        <source>%1: needs string fields &apos;name&apos; and &apos;text&apos;</source>
        <translation>%1: needs string fields &apos;name&apos; and &apos;text&apos;</translation>
    </message>
    <message>
        <source>%1: the name must have 1 to %2 characters</source>
        <translation>%1: the name must have 1 to %2 characters</translation>
    </message>
    <message>
        <source>%1: the text is longer than %2 characters</source>
        <translation>%1: the text is longer than %2 characters</translation>
    </message>
    <message>
        <source>%1: cannot import presets: %2</source>
        <translation>%1: cannot import presets: %2</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: cannot read: %2</translation>
    </message>
    <message>
        <source>%1: the name or text is not valid Unicode (an unpaired surrogate)</source>
        <translation>%1: the name or text is not valid Unicode (an unpaired surrogate)</translation>
    </message>
</context>
<context>
    <name>RemoteApi</name>
    <message>
        <source>the server&apos;s answer is not JSON (%1 at byte %2)</source>
        <translation>the server&apos;s answer is not JSON (%1 at byte %2)</translation>
    </message>
    <message>
        <source>the server&apos;s answer is not a JSON object</source>
        <translation>the server&apos;s answer is not a JSON object</translation>
    </message>
    <message>
        <source>the model list has no &quot;data&quot; array</source>
        <translation>the model list has no &quot;data&quot; array</translation>
    </message>
    <message>
        <source>the server lists no models</source>
        <translation>the server lists no models</translation>
    </message>
    <message>
        <source>the adapter list is not a JSON array</source>
        <translation>the adapter list is not a JSON array</translation>
    </message>
    <message>
        <source>%1 is not an adapter of this server</source>
        <translation>%1 is not an adapter of this server</translation>
    </message>
    <message>
        <source>vLLM serves one adapter per request: enable only one</source>
        <translation>vLLM serves one adapter per request: enable only one</translation>
    </message>
    <message>
        <source>vLLM applies adapters at scale 1 only: set %1 to 1</source>
        <translation>vLLM applies adapters at scale 1 only: set %1 to 1</translation>
    </message>
    <message>
        <source>this server does not say how to choose LoRA adapters (llama.cpp&apos;s server and vLLM do)</source>
        <translation>this server does not say how to choose LoRA adapters (llama.cpp&apos;s server and vLLM do)</translation>
    </message>
    <message>
        <source>the server reported an error</source>
        <translation>the server reported an error</translation>
    </message>
    <message>
        <source>a streamed chunk has no &quot;choices&quot; array</source>
        <translation>a streamed chunk has no &quot;choices&quot; array</translation>
    </message>
    <message>
        <source>the completion has no choices</source>
        <translation>the completion has no choices</translation>
    </message>
    <message>
        <source>the server answered HTTP %1</source>
        <translation>the server answered HTTP %1</translation>
    </message>
    <message>
        <source>the server answered HTTP %1: %2</source>
        <translation>the server answered HTTP %1: %2</translation>
    </message>
    <message>
        <source>the answer has no top logprobs (does the server support &quot;logprobs&quot;?)</source>
        <translation>the answer has no top logprobs (does the server support &quot;logprobs&quot;?)</translation>
    </message>
</context>
<context>
    <name>RemoteBackend</name>
    <message>
        <source>%1: nothing answers there (is the server running, and on this port?)</source>
        <translation>%1: nothing answers there (is the server running, and on this port?)</translation>
    </message>
    <message>
        <source>%1: the host name is unknown</source>
        <translation>%1: the host name is unknown</translation>
    </message>
    <message>
        <source>%1: the server closed the connection</source>
        <translation>%1: the server closed the connection</translation>
    </message>
    <message>
        <source>%1: the TLS handshake failed (%2)</source>
        <translation>%1: the TLS handshake failed (%2)</translation>
    </message>
    <message>
        <source>%1: the server wants an API key (or another one)</source>
        <translation>%1: the server wants an API key (or another one)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 is not a server address: give http://host:port or https://host/...</source>
        <translation>%1 is not a server address: give http://host:port or https://host/...</translation>
    </message>
    <message>
        <source>%1 does not serve &quot;%2&quot;; it serves: %3</source>
        <translation>%1 does not serve &quot;%2&quot;; it serves: %3</translation>
    </message>
    <message>
        <source>%1 server at %2</source>
        <translation>%1 server at %2</translation>
    </message>
    <message>
        <source>Not connected to a server</source>
        <translation>Not connected to a server</translation>
    </message>
    <message>
        <source>An answer is already streaming</source>
        <translation>An answer is already streaming</translation>
    </message>
    <message>
        <source>the server sent a malformed event: %1</source>
        <translation>the server sent a malformed event: %1</translation>
    </message>
    <message>
        <source>the server reported an error mid-answer: %1</source>
        <translation>the server reported an error mid-answer: %1</translation>
    </message>
    <message>
        <source>%1 (the answer so far is kept)</source>
        <translation>%1 (the answer so far is kept)</translation>
    </message>
    <message>
        <source>%1: the stream ended before the answer was complete (no finish reason, no [DONE])%2</source>
        <translation>%1: the stream ended before the answer was complete (no finish reason, no [DONE])%2</translation>
    </message>
    <message>
        <source>; the answer so far is kept</source>
        <translation>; the answer so far is kept</translation>
    </message>
    <message>
        <source>%1: the server sent nothing for %2 s</source>
        <translation>%1: the server sent nothing for %2 s</translation>
    </message>
    <message>
        <source>%1: the answer is larger than %2 MiB</source>
        <translation>%1: the answer is larger than %2 MiB</translation>
    </message>
    <message>
        <source> (prompts in %1 format via /v1/completions)</source>
        <translation> (prompts in %1 format via /v1/completions)</translation>
    </message>
</context>
<context>
    <name>RemoteModerator</name>
    <message>
        <source>Not connected to a server</source>
        <translation>Not connected to a server</translation>
    </message>
    <message>
        <source>Choose a policy first</source>
        <translation>Choose a policy first</translation>
    </message>
    <message>
        <source>Moderation is busy</source>
        <translation>Moderation is busy</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>%1 (attempts: %2)</source>
        <translation>%1 (attempts: %2)</translation>
    </message>
</context>
<context>
    <name>RemotePrompt</name>
    <message>
        <source>the server&apos;s chat template renders this conversation, not Tramontane</source>
        <translation>the server&apos;s chat template renders this conversation, not Tramontane</translation>
    </message>
    <message>
        <source>the conversation has no messages</source>
        <translation>the conversation has no messages</translation>
    </message>
    <message>
        <source>the last message is an answer; it must be a user message</source>
        <translation>the last message is an answer; it must be a user message</translation>
    </message>
    <message>
        <source>an answer in the conversation is empty</source>
        <translation>an answer in the conversation is empty</translation>
    </message>
</context>
<context>
    <name>SchemaMigrations</name>
    <message>
        <source>%1: cannot read the schema version: %2</source>
        <translation>%1: cannot read the schema version: %2</translation>
    </message>
    <message>
        <source>%1: the history database has schema version %2, newer than this version of Tramontane supports (%3); use a newer Tramontane</source>
        <translation>%1: the history database has schema version %2, newer than this version of Tramontane supports (%3); use a newer Tramontane</translation>
    </message>
    <message>
        <source>%1: invalid schema version %2</source>
        <translation>%1: invalid schema version %2</translation>
    </message>
    <message>
        <source>%1: cannot read the database: %2</source>
        <translation>%1: cannot read the database: %2</translation>
    </message>
    <message>
        <source>%1: not a Tramontane history database (it has tables but no schema version)</source>
        <translation>%1: not a Tramontane history database (it has tables but no schema version)</translation>
    </message>
    <message>
        <source>%1: cannot prepare the migration: %2</source>
        <translation>%1: cannot prepare the migration: %2</translation>
    </message>
    <message>
        <source>%1: no migration from schema version %2 to %3</source>
        <translation>%1: no migration from schema version %2 to %3</translation>
    </message>
    <message>
        <source>%1: migration to schema version %2 failed: %3</source>
        <translation>%1: migration to schema version %2 failed: %3</translation>
    </message>
    <message>
        <source>%1: cannot enable foreign keys: %2</source>
        <translation>%1: cannot enable foreign keys: %2</translation>
    </message>
</context>
<context>
    <name>SqlUtil</name>
    <message>
        <source>the disk is full or the database reached its size limit: free some space (%1)</source>
        <translation>the disk is full or the database reached its size limit: free some space (%1)</translation>
    </message>
    <message>
        <source>the disk could not be written (full, or a file size limit): free some space (%1)</source>
        <translation>the disk could not be written (full, or a file size limit): free some space (%1)</translation>
    </message>
</context>
<context>
    <name>SseParser</name>
    <message>
        <source>a line of the event stream is longer than %1 MiB</source>
        <translation>a line of the event stream is longer than %1 MiB</translation>
    </message>
    <message>
        <source>an event of the stream is larger than %1 MiB</source>
        <translation>an event of the stream is larger than %1 MiB</translation>
    </message>
</context>
<context>
    <name>UserPolicyStore</name>
    <message>
        <source>The policy needs a name</source>
        <translation>The policy needs a name</translation>
    </message>
    <message>
        <source>The name &apos;%1&apos; cannot be used: use letters, digits, &apos;-&apos;, &apos;_&apos; and &apos;.&apos; (at most 64)</source>
        <translation>The name &apos;%1&apos; cannot be used: use letters, digits, &apos;-&apos;, &apos;_&apos; and &apos;.&apos; (at most 64)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is the name of a built-in policy</source>
        <translation>&apos;%1&apos; is the name of a built-in policy</translation>
    </message>
    <message>
        <source>There is already a policy named &apos;%1&apos;</source>
        <translation>There is already a policy named &apos;%1&apos;</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1: cannot create the folder</translation>
    </message>
    <message>
        <source>%1: cannot save the policy: %2</source>
        <translation>%1: cannot save the policy: %2</translation>
    </message>
    <message>
        <source>There is no policy named &apos;%1&apos;</source>
        <translation>There is no policy named &apos;%1&apos;</translation>
    </message>
    <message>
        <source>%1: cannot delete the policy: %2</source>
        <translation>%1: cannot delete the policy: %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Local chat with Mistral-family models</source>
        <translation>Local chat with Mistral-family models</translation>
    </message>
    <message>
        <source>Keep the history and settings in DIR instead of the user&apos;s data folder.</source>
        <translation>Keep the history and settings in DIR instead of the user&apos;s data folder.</translation>
    </message>
    <message>
        <source>Load the model at PATH (.gguf or a folder) at start.</source>
        <translation>Load the model at PATH (.gguf or a folder) at start.</translation>
    </message>
    <message>
        <source>Interface language: en, ko, ja or zh_CN.</source>
        <translation>Interface language: en, ko, ja or zh_CN.</translation>
    </message>
    <message>
        <source>Tramontane</source>
        <translation>Tramontane</translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation>Print the version and exit.</translation>
    </message>
    <message>
        <source>Run models on BACKEND: cpu, cuda or auto (the GPU when there is one).</source>
        <translation>Run models on BACKEND: cpu, cuda or auto (the GPU when there is one).</translation>
    </message>
    <message>
        <source>Unknown backend &apos;%1&apos; (expected cpu, cuda or auto).</source>
        <translation>Unknown backend &apos;%1&apos; (expected cpu, cuda or auto).</translation>
    </message>
    <message>
        <source>The damaged history was kept as %1</source>
        <translation>The damaged history was kept as %1</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::AdapterManager</name>
    <message>
        <source>%1 is not a LoRA adapter: choose a folder with adapter_config.json or a .gguf LoRA file.</source>
        <translation>%1 is not a LoRA adapter: choose a folder with adapter_config.json or a .gguf LoRA file.</translation>
    </message>
    <message>
        <source>Use %1 in this conversation</source>
        <translation>Use %1 in this conversation</translation>
    </message>
    <message>
        <source> (rsLoRA)</source>
        <translation> (rsLoRA)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>No model loaded</translation>
    </message>
    <message>
        <source>No: %1</source>
        <translation>No: %1</translation>
    </message>
    <message>
        <source>Adapters in memory: %1 (%2)</source>
        <translation>Adapters in memory: %1 (%2)</translation>
    </message>
    <message>
        <source>Add a LoRA adapter folder</source>
        <translation>Add a LoRA adapter folder</translation>
    </message>
    <message>
        <source>Add a GGUF LoRA file</source>
        <translation>Add a GGUF LoRA file</translation>
    </message>
    <message>
        <source>GGUF LoRA adapters (*.gguf)</source>
        <translation>GGUF LoRA adapters (*.gguf)</translation>
    </message>
    <message>
        <source>Adapters</source>
        <translation>Adapters</translation>
    </message>
    <message>
        <source>LoRA adapters for this conversation. Changes apply to the next answer; the model is not reloaded.</source>
        <translation>LoRA adapters for this conversation. Changes apply to the next answer; the model is not reloaded.</translation>
    </message>
    <message>
        <source>Open a conversation to choose its adapters.</source>
        <translation>Open a conversation to choose its adapters.</translation>
    </message>
    <message>
        <source>On</source>
        <translation>On</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>Targets</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Trained for</source>
        <translation>Trained for</translation>
    </message>
    <message>
        <source>Fits the model</source>
        <translation>Fits the model</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Add folder…</translation>
    </message>
    <message>
        <source>Add .gguf file…</source>
        <translation>Add .gguf file…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>Compare…</translation>
    </message>
    <message>
        <source>The model runs on the server %1: its adapters are the server&apos;s own (the ones it lists are added here); adapter files on this computer are not used.</source>
        <translation>The model runs on the server %1: its adapters are the server&apos;s own (the ones it lists are added here); adapter files on this computer are not used.</translation>
    </message>
    <message>
        <source>Not while connected to a server</source>
        <translation>Not while connected to a server</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ApiKeyStore</name>
    <message>
        <source>This build of Tramontane has no keychain support (QtKeychain).</source>
        <translation>This build of Tramontane has no keychain support (QtKeychain).</translation>
    </message>
    <message>
        <source>The system keychain is not available (%1); the key is kept for this session only.</source>
        <translation>The system keychain is not available (%1); the key is kept for this session only.</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ChatFlow</name>
    <message>
        <source>The engine is busy. Wait for it or press Stop.</source>
        <translation>The engine is busy. Wait for it or press Stop.</translation>
    </message>
    <message>
        <source>Only an answer can be regenerated.</source>
        <translation>Only an answer can be regenerated.</translation>
    </message>
    <message>
        <source>The conversation changed; try again.</source>
        <translation>The conversation changed; try again.</translation>
    </message>
    <message>
        <source>No model is loaded. Open a model first (File &gt; Open model file…).</source>
        <translation>No model is loaded. Open a model first (File &gt; Open model file…).</translation>
    </message>
    <message>
        <source>The message is being checked by moderation. Wait a moment.</source>
        <translation>The message is being checked by moderation. Wait a moment.</translation>
    </message>
    <message>
        <source>No model is loaded: open a model first</source>
        <translation>No model is loaded: open a model first</translation>
    </message>
    <message>
        <source>Moderation is busy</source>
        <translation>Moderation is busy</translation>
    </message>
    <message>
        <source>moderation failed</source>
        <translation>moderation failed</translation>
    </message>
    <message>
        <source>Not sent: moderation flagged this message as &quot;%1&quot; (policy %2).</source>
        <translation>Not sent: moderation flagged this message as &quot;%1&quot; (policy %2).</translation>
    </message>
    <message>
        <source>Not sent: the moderation check failed: %1</source>
        <translation>Not sent: the moderation check failed: %1</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ChatModerationDialog</name>
    <message>
        <source>Chat moderation</source>
        <translation>Chat moderation</translation>
    </message>
    <message>
        <source>Moderate this conversation</source>
        <translation>Moderate this conversation</translation>
    </message>
    <message>
        <source>Policy file…</source>
        <translation>Policy file…</translation>
    </message>
    <message>
        <source>The user&apos;s messages</source>
        <translation>The user&apos;s messages</translation>
    </message>
    <message>
        <source>The model&apos;s answers</source>
        <translation>The model&apos;s answers</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>Both</translation>
    </message>
    <message>
        <source>Warn: send, mark the message</source>
        <translation>Warn: send, mark the message</translation>
    </message>
    <message>
        <source>Block: do not send a flagged message</source>
        <translation>Block: do not send a flagged message</translation>
    </message>
    <message>
        <source>Log only: store the verdict, show nothing</source>
        <translation>Log only: store the verdict, show nothing</translation>
    </message>
    <message>
        <source>Moderation runs the loaded model on the CPU with the policy&apos;s prompt. A flagged answer cannot be unsent: with Block it is marked as with Warn. A policy is not a security boundary.</source>
        <translation>Moderation runs the loaded model on the CPU with the policy&apos;s prompt. A flagged answer cannot be unsent: with Block it is marked as with Warn. A policy is not a security boundary.</translation>
    </message>
    <message>
        <source>Policy:</source>
        <translation>Policy:</translation>
    </message>
    <message>
        <source>Check:</source>
        <translation>Check:</translation>
    </message>
    <message>
        <source>When flagged:</source>
        <translation>When flagged:</translation>
    </message>
    <message>
        <source>Moderation: off</source>
        <translation>Moderation: off</translation>
    </message>
    <message>
        <source>warn</source>
        <translation>warn</translation>
    </message>
    <message>
        <source>block</source>
        <translation>block</translation>
    </message>
    <message>
        <source>log only</source>
        <translation>log only</translation>
    </message>
    <message>
        <source>Moderation: %1, %2</source>
        <translation>Moderation: %1, %2</translation>
    </message>
    <message>
        <source>Open a moderation policy</source>
        <translation>Open a moderation policy</translation>
    </message>
    <message>
        <source>Moderation policies (*.json)</source>
        <translation>Moderation policies (*.json)</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ChatView</name>
    <message>
        <source>No messages yet. Write below to start the conversation.</source>
        <translation>No messages yet. Write below to start the conversation.</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::CompareView</name>
    <message>
        <source>%1 ×%2</source>
        <translation>%1 ×%2</translation>
    </message>
    <message>
        <source>No adapters</source>
        <translation>No adapters</translation>
    </message>
    <message>
        <source>(unused)</source>
        <translation>(unused)</translation>
    </message>
    <message>
        <source>This conversation&apos;s set</source>
        <translation>This conversation&apos;s set</translation>
    </message>
    <message>
        <source>No model is loaded. Open a model first (File &gt; Open model file…).</source>
        <translation>No model is loaded. Open a model first (File &gt; Open model file…).</translation>
    </message>
    <message>
        <source>The engine is busy. Wait for it or press Stop.</source>
        <translation>The engine is busy. Wait for it or press Stop.</translation>
    </message>
    <message>
        <source>Type a prompt to compare.</source>
        <translation>Type a prompt to compare.</translation>
    </message>
    <message>
        <source>Choose an adapter set for at least one column.</source>
        <translation>Choose an adapter set for at least one column.</translation>
    </message>
    <message>
        <source>%1 tokens, %2 ms/token</source>
        <translation>%1 tokens, %2 ms/token</translation>
    </message>
    <message>
        <source>Compare adapter sets</source>
        <translation>Compare adapter sets</translation>
    </message>
    <message>
        <source>One prompt, answered with each set</source>
        <translation>One prompt, answered with each set</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::Composer</name>
    <message>
        <source>Write a message (Enter sends, Shift+Enter for a new line)</source>
        <translation>Write a message (Enter sends, Shift+Enter for a new line)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>Stop the answer</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>Send the message</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ConversationListModel</name>
    <message>
        <source>New conversation</source>
        <translation>New conversation</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ConversationPanel</name>
    <message>
        <source>Deleted “%1”</source>
        <translation>Deleted “%1”</translation>
    </message>
    <message>
        <source>No messages match “%1”.</source>
        <translation>No messages match “%1”.</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Rename</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>Unpin</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>Pin to top</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Search all conversations</source>
        <translation>Search all conversations</translation>
    </message>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Start a new conversation</source>
        <translation>Start a new conversation</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Undo</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::EngineController</name>
    <message>
        <source>The server %1 does not offer this adapter; adapters of a remote model are the server&apos;s own</source>
        <translation>The server %1 does not offer this adapter; adapters of a remote model are the server&apos;s own</translation>
    </message>
    <message>
        <source>Comparing adapter sets runs on the local engine only; this model is on a server</source>
        <translation>Comparing adapter sets runs on the local engine only; this model is on a server</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::EngineWorker</name>
    <message>
        <source>Loading %1 was cancelled.</source>
        <translation>Loading %1 was cancelled.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Reading %1…</translation>
    </message>
    <message>
        <source>Reading %1 and preparing the GPU…</source>
        <translation>Reading %1 and preparing the GPU…</translation>
    </message>
    <message>
        <source>Starting the model…</source>
        <translation>Starting the model…</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>No model is loaded.</translation>
    </message>
    <message>
        <source>A conversation turn cannot be a system message.</source>
        <translation>A conversation turn cannot be a system message.</translation>
    </message>
    <message>
        <source>Adapter %1: the scale %2 is outside 0 to 2.</source>
        <translation>Adapter %1: the scale %2 is outside 0 to 2.</translation>
    </message>
    <message>
        <source>Adapter %1 cannot be used with this model: %2</source>
        <translation>Adapter %1 cannot be used with this model: %2</translation>
    </message>
    <message>
        <source>Adapter %1: %2</source>
        <translation>Adapter %1: %2</translation>
    </message>
    <message>
        <source>Its shapes do not fit the loaded model.</source>
        <translation>Its shapes do not fit the loaded model.</translation>
    </message>
    <message>
        <source>No model is loaded: compatibility unknown.</source>
        <translation>No model is loaded: compatibility unknown.</translation>
    </message>
    <message>
        <source>Compare 1 to %1 adapter sets.</source>
        <translation>Compare 1 to %1 adapter sets.</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::HistoryTransfer</name>
    <message>
        <source>%1: cannot write the file: %2</source>
        <translation>%1: cannot write the file: %2</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Tramontane JSON, every branch (*.json)</source>
        <translation>Tramontane JSON, every branch (*.json)</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>Export conversation</translation>
    </message>
    <message>
        <source>Export all conversations</source>
        <translation>Export all conversations</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>Import conversations</source>
        <translation>Import conversations</translation>
    </message>
    <message>
        <source>Tramontane JSON (*.json)</source>
        <translation>Tramontane JSON (*.json)</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Import failed</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::KvVisualizer</name>
    <message>
        <source>Export heatmap</source>
        <translation>Export heatmap</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>Could not write %1.</translation>
    </message>
    <message>
        <source>Export attention weights</source>
        <translation>Export attention weights</translation>
    </message>
    <message>
        <source>NumPy arrays (*.npy)</source>
        <translation>NumPy arrays (*.npy)</translation>
    </message>
    <message>
        <source>KV cache and attention</source>
        <translation>KV cache and attention</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Query head</source>
        <translation>Query head</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>Log scale</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>Export PNG…</translation>
    </message>
    <message>
        <source>Export .npy…</source>
        <translation>Export .npy…</translation>
    </message>
    <message>
        <source>KV ring (slots by position, write head in red)</source>
        <translation>KV ring (slots by position, write head in red)</translation>
    </message>
    <message>
        <source>Attention (queries × keys by position)</source>
        <translation>Attention (queries × keys by position)</translation>
    </message>
    <message>
        <source>Tokens (highlighted: inside the window)</source>
        <translation>Tokens (highlighted: inside the window)</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memory</translation>
    </message>
    <message>
        <source>Probes are not available: %1</source>
        <translation>Probes are not available: %1</translation>
    </message>
    <message>
        <source>Head %1 · KV head %2 (group of %3)</source>
        <translation>Head %1 · KV head %2 (group of %3)</translation>
    </message>
    <message>
        <source>Waiting for the model to run…</source>
        <translation>Waiting for the model to run…</translation>
    </message>
    <message>
        <source>%1 / %2 slots
position %3</source>
        <translation>%1 / %2 slots
position %3</translation>
    </message>
    <message>
        <source>position %1, slot %2</source>
        <translation>position %1, slot %2</translation>
    </message>
    <message>
        <source>KV cache: %1 MiB of %2 MiB reserved (%3 MiB per layer, %4 layers), %5 evicted in the last step · model %6 MiB · adapters %7 MiB</source>
        <translation>KV cache: %1 MiB of %2 MiB reserved (%3 MiB per layer, %4 layers), %5 evicted in the last step · model %6 MiB · adapters %7 MiB</translation>
    </message>
    <message>
        <source>query %1 “%2” → key %3 “%4”: %5</source>
        <translation>query %1 “%2” → key %3 “%4”: %5</translation>
    </message>
    <message>
        <source>Layer %1, head %2: queries at positions %3–%4, keys %5–%6</source>
        <translation>Layer %1, head %2: queries at positions %3–%4, keys %5–%6</translation>
    </message>
    <message>
        <source>The server does not expose the model&apos;s attention or KV cache; the visualizer works with a model on this computer.</source>
        <translation>The server does not expose the model&apos;s attention or KV cache; the visualizer works with a model on this computer.</translation>
    </message>
    <message>
        <source>L%1 H%2 %3</source>
        <translation>L%1 H%2 %3</translation>
    </message>
    <message>
        <source>Click a token above to see which heads attend to it most.</source>
        <translation>Click a token above to see which heads attend to it most.</translation>
    </message>
    <message>
        <source>“%1” (position %2) is outside the window: it was evicted, and the sliding-window mask gives it weight 0 in every head.</source>
        <translation>“%1” (position %2) is outside the window: it was evicted, and the sliding-window mask gives it weight 0 in every head.</translation>
    </message>
    <message>
        <source>“%1” (position %2): waiting for the model to run…</source>
        <translation>“%1” (position %2): waiting for the model to run…</translation>
    </message>
    <message>
        <source>weight of the newest query, position %1</source>
        <translation>weight of the newest query, position %1</translation>
    </message>
    <message>
        <source>mean over the prefill chunk&apos;s %1 queries, positions %2–%3</source>
        <translation>mean over the prefill chunk&apos;s %1 queries, positions %2–%3</translation>
    </message>
    <message>
        <source>Heads in layer %1 that attend most to “%2” (position %3; %4):</source>
        <translation>Heads in layer %1 that attend most to “%2” (position %3; %4):</translation>
    </message>
    <message>
        <source>Heads that attend most to “%1” (position %2; %3):</source>
        <translation>Heads that attend most to “%1” (position %2; %3):</translation>
    </message>
    <message>
        <source>Show layer %1, head %2 in the heatmap</source>
        <translation>Show layer %1, head %2 in the heatmap</translation>
    </message>
    <message>
        <source>position %1 (selected)</source>
        <translation>position %1 (selected)</translation>
    </message>
    <message>
        <source>position %1, left the window</source>
        <translation>position %1, left the window</translation>
    </message>
    <message>
        <source>position %1, outside the window</source>
        <translation>position %1, outside the window</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::LoadIndicator</name>
    <message>
        <source>Loading %1…</source>
        <translation>Loading %1…</translation>
    </message>
    <message>
        <source>Loading %1: %2</source>
        <translation>Loading %1: %2</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::MainWindow</name>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Model loaded: %1</source>
        <translation>Model loaded: %1</translation>
    </message>
    <message>
        <source>Loading cancelled</source>
        <translation>Loading cancelled</translation>
    </message>
    <message>
        <source>Could not open the model</source>
        <translation>Could not open the model</translation>
    </message>
    <message>
        <source>The answer failed</source>
        <translation>The answer failed</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>Open model</translation>
    </message>
    <message>
        <source>The engine is busy. Stop the answer first.</source>
        <translation>The engine is busy. Stop the answer first.</translation>
    </message>
    <message>
        <source>Open model file</source>
        <translation>Open model file</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF models (*.gguf);;All files (*)</translation>
    </message>
    <message>
        <source>Open model folder (config.json, *.safetensors, tokenizer.model)</source>
        <translation>Open model folder (config.json, *.safetensors, tokenizer.model)</translation>
    </message>
    <message>
        <source>No recent models</source>
        <translation>No recent models</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>Clear the list</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>New conversation</translation>
    </message>
    <message>
        <source>Guardrail presets</source>
        <translation>Guardrail presets</translation>
    </message>
    <message>
        <source>No system prompt</source>
        <translation>No system prompt</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>No model</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Regenerate</translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation>Edit message</translation>
    </message>
    <message>
        <source>The message is sent again; the old version is kept.</source>
        <translation>The message is sent again; the old version is kept.</translation>
    </message>
    <message>
        <source>No translation for this language was found; English is shown.</source>
        <translation>No translation for this language was found; English is shown.</translation>
    </message>
    <message>
        <source>Tramontane</source>
        <translation>Tramontane</translation>
    </message>
    <message>
        <source>Guardrail:</source>
        <translation>Guardrail:</translation>
    </message>
    <message>
        <source>The system prompt put before this conversation</source>
        <translation>The system prompt put before this conversation</translation>
    </message>
    <message>
        <source>Presets…</source>
        <translation>Presets…</translation>
    </message>
    <message>
        <source>Sampling…</source>
        <translation>Sampling…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;New conversation</source>
        <translation>&amp;New conversation</translation>
    </message>
    <message>
        <source>&amp;Open model file…</source>
        <translation>&amp;Open model file…</translation>
    </message>
    <message>
        <source>Open model &amp;folder…</source>
        <translation>Open model &amp;folder…</translation>
    </message>
    <message>
        <source>&amp;Recent models</source>
        <translation>&amp;Recent models</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>&amp;Chat</translation>
    </message>
    <message>
        <source>&amp;Regenerate last answer</source>
        <translation>&amp;Regenerate last answer</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Stop</translation>
    </message>
    <message>
        <source>S&amp;ampling settings…</source>
        <translation>S&amp;ampling settings…</translation>
    </message>
    <message>
        <source>&amp;Guardrail presets…</source>
        <translation>&amp;Guardrail presets…</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferences…</translation>
    </message>
    <message>
        <source>&amp;Export conversation…</source>
        <translation>&amp;Export conversation…</translation>
    </message>
    <message>
        <source>Export &amp;all conversations…</source>
        <translation>Export &amp;all conversations…</translation>
    </message>
    <message>
        <source>&amp;Import conversations…</source>
        <translation>&amp;Import conversations…</translation>
    </message>
    <message>
        <source>No model is loaded. Open a model first (File &gt; Open model file…).</source>
        <translation>No model is loaded. Open a model first (File &gt; Open model file…).</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <source>&amp;Moderation…</source>
        <translation>&amp;Moderation…</translation>
    </message>
    <message>
        <source>&amp;Adapters…</source>
        <translation>&amp;Adapters…</translation>
    </message>
    <message>
        <source>&amp;KV cache and attention…</source>
        <translation>&amp;KV cache and attention…</translation>
    </message>
    <message>
        <source>In-chat moderation of this conversation</source>
        <translation>In-chat moderation of this conversation</translation>
    </message>
    <message>
        <source>The API key was not saved: %1</source>
        <translation>The API key was not saved: %1</translation>
    </message>
    <message>
        <source>Connection cancelled</source>
        <translation>Connection cancelled</translation>
    </message>
    <message>
        <source>Could not connect to the server</source>
        <translation>Could not connect to the server</translation>
    </message>
    <message>
        <source>Connect to a server</source>
        <translation>Connect to a server</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>connecting</translation>
    </message>
    <message>
        <source>&amp;Connect to a server…</source>
        <translation>&amp;Connect to a server…</translation>
    </message>
    <message>
        <source>Chat with a model served by llama.cpp&apos;s server, vLLM or another OpenAI-compatible server</source>
        <translation>Chat with a model served by llama.cpp&apos;s server, vLLM or another OpenAI-compatible server</translation>
    </message>
    <message>
        <source>The model is being loaded again: on the GPU if it works again, otherwise on the CPU.</source>
        <translation>The model is being loaded again: on the GPU if it works again, otherwise on the CPU.</translation>
    </message>
    <message>
        <source>Model loaded: %1 (%2)</source>
        <translation>Model loaded: %1 (%2)</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::MessageBubble</name>
    <message>
        <source>You</source>
        <translation>You</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistant</translation>
    </message>
    <message>
        <source>Assistant · %1</source>
        <translation>Assistant · %1</translation>
    </message>
    <message>
        <source>writing…</source>
        <translation>writing…</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
    <message>
        <source>token limit reached</source>
        <translation>token limit reached</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>context full</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrupted</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Copy the message</source>
        <translation>Copy the message</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>Copy code</translation>
    </message>
    <message>
        <source>Copy the code blocks of the message</source>
        <translation>Copy the code blocks of the message</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Edit the message and send it again (the old version is kept)</source>
        <translation>Edit the message and send it again (the old version is kept)</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Regenerate</translation>
    </message>
    <message>
        <source>Write this answer again (the old answer is kept)</source>
        <translation>Write this answer again (the old answer is kept)</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>Previous version</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>Next version</translation>
    </message>
    <message>
        <source>Moderation failed</source>
        <translation>Moderation failed</translation>
    </message>
    <message>
        <source>Safe</source>
        <translation>Safe</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Flagged</translation>
    </message>
    <message>
        <source>Flagged: %1</source>
        <translation>Flagged: %1</translation>
    </message>
    <message>
        <source>Moderation (%1, policy %2)</source>
        <translation>Moderation (%1, policy %2)</translation>
    </message>
    <message>
        <source>answer</source>
        <translation>answer</translation>
    </message>
    <message>
        <source>input</source>
        <translation>input</translation>
    </message>
    <message>
        <source>P(not safe) = %1, threshold %2</source>
        <translation>P(not safe) = %1, threshold %2</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationController</name>
    <message>
        <source>Moderation is busy</source>
        <translation>Moderation is busy</translation>
    </message>
    <message>
        <source>Open a data file first</source>
        <translation>Open a data file first</translation>
    </message>
    <message>
        <source>Choose a policy first</source>
        <translation>Choose a policy first</translation>
    </message>
    <message>
        <source>No model is loaded: open a model first</source>
        <translation>No model is loaded: open a model first</translation>
    </message>
    <message>
        <source>%1: no column &apos;%2&apos;</source>
        <translation>%1: no column &apos;%2&apos;</translation>
    </message>
    <message>
        <source>Every row has a result</source>
        <translation>Every row has a result</translation>
    </message>
    <message>
        <source>Runs are not stored</source>
        <translation>Runs are not stored</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationPanel</name>
    <message>
        <source>%1 / %2 texts · %3 texts/s · %4 left</source>
        <translation>%1 / %2 texts · %3 texts/s · %4 left</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>Open a moderation policy</source>
        <translation>Open a moderation policy</translation>
    </message>
    <message>
        <source>Policy files (*.json)</source>
        <translation>Policy files (*.json)</translation>
    </message>
    <message>
        <source>Moderation is busy</source>
        <translation>Moderation is busy</translation>
    </message>
    <message>
        <source>Open texts to moderate</source>
        <translation>Open texts to moderate</translation>
    </message>
    <message>
        <source>Texts (*.csv *.jsonl *.ndjson)</source>
        <translation>Texts (*.csv *.jsonl *.ndjson)</translation>
    </message>
    <message>
        <source>Export the results</source>
        <translation>Export the results</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON Lines (*.jsonl)</source>
        <translation>CSV (*.csv);;JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Moderation</source>
        <translation>Moderation</translation>
    </message>
    <message>
        <source>&amp;Policy:</source>
        <translation>&amp;Policy:</translation>
    </message>
    <message>
        <source>Policy file…</source>
        <translation>Policy file…</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>No model loaded</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Model: %1</translation>
    </message>
    <message>
        <source>Single text</source>
        <translation>Single text</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>Type or paste the text to check</source>
        <translation>Type or paste the text to check</translation>
    </message>
    <message>
        <source>&amp;Check</source>
        <translation>&amp;Check</translation>
    </message>
    <message>
        <source>Prompt sent</source>
        <translation>Prompt sent</translation>
    </message>
    <message>
        <source>&amp;Open file…</source>
        <translation>&amp;Open file…</translation>
    </message>
    <message>
        <source>No file (CSV or JSON Lines)</source>
        <translation>No file (CSV or JSON Lines)</translation>
    </message>
    <message>
        <source>&amp;Text column:</source>
        <translation>&amp;Text column:</translation>
    </message>
    <message>
        <source>&amp;Label column:</source>
        <translation>&amp;Label column:</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Run</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>Res&amp;ume</translation>
    </message>
    <message>
        <source>Search the results</source>
        <translation>Search the results</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>All rows</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Flagged</translation>
    </message>
    <message>
        <source>Not flagged</source>
        <translation>Not flagged</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Errors</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>Verdict differs from label</source>
        <translation>Verdict differs from label</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Export…</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>flagged</translation>
    </message>
    <message>
        <source>not flagged</source>
        <translation>not flagged</translation>
    </message>
    <message>
        <source>positive label</source>
        <translation>positive label</translation>
    </message>
    <message>
        <source>negative label</source>
        <translation>negative label</translation>
    </message>
    <message>
        <source>T&amp;hreshold on P(unsafe):</source>
        <translation>T&amp;hreshold on P(unsafe):</translation>
    </message>
    <message>
        <source>&amp;Save threshold with the policy</source>
        <translation>&amp;Save threshold with the policy</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <source>Flagged: %1 (P(unsafe) = %2)</source>
        <translation>Flagged: %1 (P(unsafe) = %2)</translation>
    </message>
    <message>
        <source>Safe (P(unsafe) = %1)</source>
        <translation>Safe (P(unsafe) = %1)</translation>
    </message>
    <message>
        <source>Run a batch with a label column to see precision and recall.</source>
        <translation>Run a batch with a label column to see precision and recall.</translation>
    </message>
    <message>
        <source>Prompt sent (tokens: %1)</source>
        <translation>Prompt sent (tokens: %1)</translation>
    </message>
    <message>
        <source>Positive class: flagged. Precision %1 · Recall %2 · F1 %3 · Accuracy %4 · Average precision %5 · Labelled rows: %6</source>
        <translation>Positive class: flagged. Precision %1 · Recall %2 · F1 %3 · Accuracy %4 · Average precision %5 · Labelled rows: %6</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Reading %1…</translation>
    </message>
    <message>
        <source>Delete the policy</source>
        <translation>Delete the policy</translation>
    </message>
    <message>
        <source>Delete the policy &apos;%1&apos;? Its file is removed; stored runs keep their results.</source>
        <translation>Delete the policy &apos;%1&apos;? Its file is removed; stored runs keep their results.</translation>
    </message>
    <message>
        <source>Delete the run</source>
        <translation>Delete the run</translation>
    </message>
    <message>
        <source>Delete the stored run %1 and its results?</source>
        <translation>Delete the stored run %1 and its results?</translation>
    </message>
    <message>
        <source>&amp;New policy…</source>
        <translation>&amp;New policy…</translation>
    </message>
    <message>
        <source>E&amp;dit policy…</source>
        <translation>E&amp;dit policy…</translation>
    </message>
    <message>
        <source>Delete policy</source>
        <translation>Delete policy</translation>
    </message>
    <message>
        <source>Stored runs</source>
        <translation>Stored runs</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Policy</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Threshold</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Re&amp;fresh</translation>
    </message>
    <message>
        <source>&amp;Open run</source>
        <translation>&amp;Open run</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>Delete run</translation>
    </message>
    <message>
        <source>%1 (yours)</source>
        <translation>%1 (yours)</translation>
    </message>
    <message>
        <source>Runs are stored with the chat history.</source>
        <translation>Runs are stored with the chat history.</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>No stored runs yet.</source>
        <translation>No stored runs yet.</translation>
    </message>
    <message>
        <source>Stored run %1: %2</source>
        <translation>Stored run %1: %2</translation>
    </message>
    <message>
        <source>%1 / %2 texts (stored)</source>
        <translation>%1 / %2 texts (stored)</translation>
    </message>
    <message>
        <source>Showing run %1 (%2, %3)</source>
        <translation>Showing run %1 (%2, %3)</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationResultsModel</name>
    <message>
        <source>%1: cannot write the results: %2</source>
        <translation>%1: cannot write the results: %2</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>flagged</translation>
    </message>
    <message>
        <source>safe</source>
        <translation>safe</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Top category</source>
        <translation>Top category</translation>
    </message>
    <message>
        <source>P(unsafe)</source>
        <translation>P(unsafe)</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationWorker</name>
    <message>
        <source>No model is loaded: open a model first</source>
        <translation>No model is loaded: open a model first</translation>
    </message>
    <message>
        <source>The moderation model is not ready</source>
        <translation>The moderation model is not ready</translation>
    </message>
    <message>
        <source>%1: not a .csv or .jsonl file</source>
        <translation>%1: not a .csv or .jsonl file</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::PolicyEditorDialog</name>
    <message>
        <source>New moderation policy</source>
        <translation>New moderation policy</translation>
    </message>
    <message>
        <source>Edit moderation policy</source>
        <translation>Edit moderation policy</translation>
    </message>
    <message>
        <source>&amp;Start from a copy of:</source>
        <translation>&amp;Start from a copy of:</translation>
    </message>
    <message>
        <source>letters, digits, &apos;-&apos;, &apos;_&apos;</source>
        <translation>letters, digits, &apos;-&apos;, &apos;_&apos;</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Title:</translation>
    </message>
    <message>
        <source>&amp;Prompt template (the text to check goes where {text} is):</source>
        <translation>&amp;Prompt template (the text to check goes where {text} is):</translation>
    </message>
    <message>
        <source>&amp;Labels (each answer exactly as the model would write it):</source>
        <translation>&amp;Labels (each answer exactly as the model would write it):</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Add</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Remove</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>Move &amp;up</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>Move &amp;down</translation>
    </message>
    <message>
        <source>Sa&amp;fe label:</source>
        <translation>Sa&amp;fe label:</translation>
    </message>
    <message>
        <source>T&amp;hreshold on P(unsafe):</source>
        <translation>T&amp;hreshold on P(unsafe):</translation>
    </message>
    <message>
        <source>The template has no {text}: the text to check would not be in the prompt.</source>
        <translation>The template has no {text}: the text to check would not be in the prompt.</translation>
    </message>
    <message>
        <source>The template has {text} more than once; it must appear exactly once.</source>
        <translation>The template has {text} more than once; it must appear exactly once.</translation>
    </message>
    <message>
        <source>The template has {text} once.</source>
        <translation>The template has {text} once.</translation>
    </message>
    <message>
        <source>A policy needs at least two labels: a safe one and another.</source>
        <translation>A policy needs at least two labels: a safe one and another.</translation>
    </message>
    <message>
        <source>Label %1 has no name.</source>
        <translation>Label %1 has no name.</translation>
    </message>
    <message>
        <source>Label &apos;%1&apos; begins or ends with a space.</source>
        <translation>Label &apos;%1&apos; begins or ends with a space.</translation>
    </message>
    <message>
        <source>The label &apos;%1&apos; appears twice: label names must differ.</source>
        <translation>The label &apos;%1&apos; appears twice: label names must differ.</translation>
    </message>
    <message>
        <source>Choose the safe label.</source>
        <translation>Choose the safe label.</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::PrCurveWidget</name>
    <message>
        <source>Recall</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precision</translation>
    </message>
    <message>
        <source>No labelled results</source>
        <translation>No labelled results</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::PresetEditorDialog</name>
    <message>
        <source>Guardrail presets</source>
        <translation>Guardrail presets</translation>
    </message>
    <message>
        <source>The system prompt given to the model (empty: none)</source>
        <translation>The system prompt given to the model (empty: none)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Duplicate</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>System prompt</translation>
    </message>
    <message>
        <source>%1 (built-in)</source>
        <translation>%1 (built-in)</translation>
    </message>
    <message>
        <source>New preset</source>
        <translation>New preset</translation>
    </message>
    <message>
        <source>New preset %1</source>
        <translation>New preset %1</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>Delete preset</translation>
    </message>
    <message>
        <source>Delete the preset “%1”?</source>
        <translation>Delete the preset “%1”?</translation>
    </message>
    <message>
        <source>Import presets</source>
        <translation>Import presets</translation>
    </message>
    <message>
        <source>Preset files (*.json);;All files (*)</source>
        <translation>Preset files (*.json);;All files (*)</translation>
    </message>
    <message>
        <source>Export preset</source>
        <translation>Export preset</translation>
    </message>
    <message>
        <source>Preset files (*.json)</source>
        <translation>Preset files (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Could not write %1: %2</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::RemoteDialog</name>
    <message>
        <source>Fetching…</source>
        <translation>Fetching…</translation>
    </message>
    <message>
        <source>Fetch models</source>
        <translation>Fetch models</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>Asking %1 for its models…</translation>
    </message>
    <message>
        <source>%1 is not a server address: give http://host:port or https://host/…</source>
        <translation>%1 is not a server address: give http://host:port or https://host/…</translation>
    </message>
    <message>
        <source>The server lists no base model.</source>
        <translation>The server lists no base model.</translation>
    </message>
    <message>
        <source>Give the server&apos;s address, for example http://127.0.0.1:8080.</source>
        <translation>Give the server&apos;s address, for example http://127.0.0.1:8080.</translation>
    </message>
    <message>
        <source>Connect to a server</source>
        <translation>Connect to a server</translation>
    </message>
    <message>
        <source>Chat with a model served by an OpenAI-compatible server (llama.cpp&apos;s server, vLLM, …). The conversation history stays on this computer; the prompts and answers go to that server.</source>
        <translation>Chat with a model served by an OpenAI-compatible server (llama.cpp&apos;s server, vLLM, …). The conversation history stays on this computer; the prompts and answers go to that server.</translation>
    </message>
    <message>
        <source>Server URL:</source>
        <translation>Server URL:</translation>
    </message>
    <message>
        <source>The server&apos;s address, with or without /v1</source>
        <translation>The server&apos;s address, with or without /v1</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API key:</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>Sent to the server as &quot;Authorization: Bearer&quot;; never stored in the history</source>
        <translation>Sent to the server as &quot;Authorization: Bearer&quot;; never stored in the history</translation>
    </message>
    <message>
        <source>Remember the key in the system keychain</source>
        <translation>Remember the key in the system keychain</translation>
    </message>
    <message>
        <source>Keep the key in the system keychain (never in Tramontane&apos;s files)</source>
        <translation>Keep the key in the system keychain (never in Tramontane&apos;s files)</translation>
    </message>
    <message>
        <source>The system keychain is not available, so the key is kept for this session only and never written to disk.%1</source>
        <translation>The system keychain is not available, so the key is kept for this session only and never written to disk.%1</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Model:</translation>
    </message>
    <message>
        <source>The server&apos;s first model</source>
        <translation>The server&apos;s first model</translation>
    </message>
    <message>
        <source>Ask the server which models it serves</source>
        <translation>Ask the server which models it serves</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Advanced</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>Timeout:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>The longest wait for the next part of an answer</source>
        <translation>The longest wait for the next part of an answer</translation>
    </message>
    <message>
        <source>Moderation requests in flight:</source>
        <translation>Moderation requests in flight:</translation>
    </message>
    <message>
        <source>How many moderation requests are sent to the server at once</source>
        <translation>How many moderation requests are sent to the server at once</translation>
    </message>
    <message>
        <source>Retries:</source>
        <translation>Retries:</translation>
    </message>
    <message>
        <source>Retries of a moderation request after a busy server, a server error or a network error</source>
        <translation>Retries of a moderation request after a busy server, a server error or a network error</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>Models on the server: %1</source>
        <translation>Models on the server: %1</translation>
    </message>
    <message>
        <source>Prompt format:</source>
        <translation>Prompt format:</translation>
    </message>
    <message>
        <source>Server&apos;s chat template (/v1/chat/completions)</source>
        <translation>Server&apos;s chat template (/v1/chat/completions)</translation>
    </message>
    <message>
        <source>Mistral v1 [INST] (/v1/completions)</source>
        <translation>Mistral v1 [INST] (/v1/completions)</translation>
    </message>
    <message>
        <source>Mistral v3 (/v1/completions)</source>
        <translation>Mistral v3 (/v1/completions)</translation>
    </message>
    <message>
        <source>ChatML (/v1/completions)</source>
        <translation>ChatML (/v1/completions)</translation>
    </message>
    <message>
        <source>Who turns the conversation into the model&apos;s prompt: the server, with the model&apos;s own chat template, or Tramontane, with one of its chat formats sent as plain text to /v1/completions (for a model served without a chat template, or the same prompt as the local engine). The server then reads &quot;[INST]&quot; or &quot;&lt;|im_start|&gt;&quot; inside a message as control tokens.</source>
        <translation>Who turns the conversation into the model&apos;s prompt: the server, with the model&apos;s own chat template, or Tramontane, with one of its chat formats sent as plain text to /v1/completions (for a model served without a chat template, or the same prompt as the local engine). The server then reads &quot;[INST]&quot; or &quot;&lt;|im_start|&gt;&quot; inside a message as control tokens.</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::SamplingDialog</name>
    <message>
        <source>Sampling settings</source>
        <translation>Sampling settings</translation>
    </message>
    <message>
        <source>0 always picks the most likely token</source>
        <translation>0 always picks the most likely token</translation>
    </message>
    <message>
        <source>1 turns top-p off</source>
        <translation>1 turns top-p off</translation>
    </message>
    <message>
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <source>random</source>
        <translation>random</translation>
    </message>
    <message>
        <source>Stop at the context limit</source>
        <translation>Stop at the context limit</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperature</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>Max tokens</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Stops at the context limit</source>
        <translation>Stops at the context limit</translation>
    </message>
    <message>
        <source>Sliding window: older tokens leave the window</source>
        <translation>Sliding window: older tokens leave the window</translation>
    </message>
    <message>
        <source>The model sees only the last %1 tokens; the conversation can go on past the context limit.</source>
        <translation>The model sees only the last %1 tokens; the conversation can go on past the context limit.</translation>
    </message>
    <message>
        <source>Drops tokens less likely than this fraction of the most likely one; 0 turns it off</source>
        <translation>Drops tokens less likely than this fraction of the most likely one; 0 turns it off</translation>
    </message>
    <message>
        <source>Above 1, tokens already in the conversation become less likely (fewer loops in small models); 1 turns it off</source>
        <translation>Above 1, tokens already in the conversation become less likely (fewer loops in small models); 1 turns it off</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>Repetition penalty</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>System language (%1)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::StatusPanel</name>
    <message>
        <source>No model loaded</source>
        <translation>No model loaded</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 tokens/s</translation>
    </message>
    <message>
        <source>Context: %1 used, window %2, limit %3</source>
        <translation>Context: %1 used, window %2, limit %3</translation>
    </message>
    <message>
        <source>Context: %1 of %2</source>
        <translation>Context: %1 of %2</translation>
    </message>
    <message>
        <source>This model attends to the last %1 tokens (sliding window).</source>
        <translation>This model attends to the last %1 tokens (sliding window).</translation>
    </message>
    <message>
        <source>%1 ×%2</source>
        <translation>%1 ×%2</translation>
    </message>
    <message>
        <source>No adapters</source>
        <translation>No adapters</translation>
    </message>
    <message>
        <source>Adapters: %1</source>
        <translation>Adapters: %1</translation>
    </message>
    <message>
        <source>Remote server</source>
        <translation>Remote server</translation>
    </message>
    <message>
        <source>Remote: %1</source>
        <translation>Remote: %1</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::WelcomePanel</name>
    <message>
        <source>Hugging Face cache</source>
        <translation>Hugging Face cache</translation>
    </message>
    <message>
        <source>Ollama</source>
        <translation>Ollama</translation>
    </message>
    <message>
        <source>LM Studio</source>
        <translation>LM Studio</translation>
    </message>
    <message>
        <source>GPT4All</source>
        <translation>GPT4All</translation>
    </message>
    <message>
        <source>%1 (CUDA, %2 GiB free of %3 GiB)</source>
        <translation>%1 (CUDA, %2 GiB free of %3 GiB)</translation>
    </message>
    <message>
        <source>no SIMD</source>
        <translation>no SIMD</translation>
    </message>
    <message>
        <source>CPU (%1 threads, %2)</source>
        <translation>CPU (%1 threads, %2)</translation>
    </message>
    <message>
        <source>Open model file</source>
        <translation>Open model file</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF models (*.gguf);;All files (*)</translation>
    </message>
    <message>
        <source>Open model folder (config.json, *.safetensors, tokenizer.model)</source>
        <translation>Open model folder (config.json, *.safetensors, tokenizer.model)</translation>
    </message>
    <message>
        <source>Welcome to Tramontane</source>
        <translation>Welcome to Tramontane</translation>
    </message>
    <message>
        <source>Tramontane chats with Mistral-family language models on this computer: nothing you type leaves it. Open a model to start: a .gguf file, or a folder with config.json, *.safetensors and the tokenizer (for example Mistral-7B-Instruct).</source>
        <translation>Tramontane chats with Mistral-family language models on this computer: nothing you type leaves it. Open a model to start: a .gguf file, or a folder with config.json, *.safetensors and the tokenizer (for example Mistral-7B-Instruct).</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Loading %1…</translation>
    </message>
    <message>
        <source>Model: %1 (%2)</source>
        <translation>Model: %1 (%2)</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>No model is loaded.</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>Backend: %1</translation>
    </message>
    <message>
        <source>Open a model file…</source>
        <translation>Open a model file…</translation>
    </message>
    <message>
        <source>Open a model folder…</source>
        <translation>Open a model folder…</translation>
    </message>
    <message>
        <source>Open %1 again</source>
        <translation>Open %1 again</translation>
    </message>
    <message>
        <source>No models were found in the usual folders.</source>
        <translation>No models were found in the usual folders.</translation>
    </message>
    <message>
        <source>Models found on this computer (click one to open it):</source>
        <translation>Models found on this computer (click one to open it):</translation>
    </message>
    <message>
        <source>Where models usually are: the Hugging Face cache (~/.cache/huggingface/hub/models--mistralai--*), Ollama (~/.ollama/models), LM Studio (~/.cache/lm-studio/models, ~/.lmstudio/models) and GPT4All (~/.local/share/nomic.ai/GPT4All).</source>
        <translation>Where models usually are: the Hugging Face cache (~/.cache/huggingface/hub/models--mistralai--*), Ollama (~/.ollama/models), LM Studio (~/.cache/lm-studio/models, ~/.lmstudio/models) and GPT4All (~/.local/share/nomic.ai/GPT4All).</translation>
    </message>
</context>
</TS>
