<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko">
<context>
    <name>ChatJson</name>
    <message>
        <source>must be a string</source>
        <translation>문자열이어야 합니다</translation>
    </message>
    <message>
        <source>is longer than %1 characters</source>
        <translation>%1자를 넘습니다</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>true 또는 false여야 합니다</translation>
    </message>
    <message>
        <source>must be a whole number from 0 to 2^53</source>
        <translation>0에서 2^53 사이의 정수여야 합니다</translation>
    </message>
    <message>
        <source>must be a time like 2024-05-01T12:00:00.000Z</source>
        <translation>2024-05-01T12:00:00.000Z 형식의 시각이어야 합니다</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>객체여야 합니다</translation>
    </message>
    <message>
        <source>must be an array</source>
        <translation>배열이어야 합니다</translation>
    </message>
    <message>
        <source>is too large</source>
        <translation>너무 큽니다</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; %3</source>
        <translation>%1: &apos;%2&apos; 값은 %3</translation>
    </message>
    <message>
        <source>%1: must be an object</source>
        <translation>%1: 객체여야 합니다</translation>
    </message>
    <message>
        <source>repeats an earlier message id</source>
        <translation>앞의 메시지 ID와 중복됩니다</translation>
    </message>
    <message>
        <source>refers to message %1, which does not come earlier</source>
        <translation>앞에 나오지 않는 메시지 %1을(를) 가리킵니다</translation>
    </message>
    <message>
        <source>must be &quot;system&quot;, &quot;user&quot; or &quot;assistant&quot;</source>
        <translation>&quot;system&quot;, &quot;user&quot;, &quot;assistant&quot; 중 하나여야 합니다</translation>
    </message>
    <message>
        <source>is not a known stop reason</source>
        <translation>알 수 없는 중지 이유입니다</translation>
    </message>
    <message>
        <source>%1: &apos;messages&apos; must be an array</source>
        <translation>%1: &apos;messages&apos;는 배열이어야 합니다</translation>
    </message>
    <message>
        <source>%1: more than %2 messages</source>
        <translation>%1: 메시지가 %2개를 넘습니다</translation>
    </message>
    <message>
        <source>%1: more than %2 messages in the file</source>
        <translation>%1: 파일의 메시지가 %2개를 넘습니다</translation>
    </message>
    <message>
        <source>%1, message %2</source>
        <translation>%1, 메시지 %2</translation>
    </message>
    <message>
        <source>refers to message %1, which is not in this conversation</source>
        <translation>이 대화에 없는 메시지 %1을(를) 가리킵니다</translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 MiB</source>
        <translation>%1: 파일이 %2MiB보다 큽니다</translation>
    </message>
    <message>
        <source>%1: not valid JSON at byte %2: %3</source>
        <translation>%1: %2바이트 위치의 JSON이 올바르지 않습니다: %3</translation>
    </message>
    <message>
        <source>%1: the top level must be a JSON object</source>
        <translation>%1: 최상위 값은 JSON 객체여야 합니다</translation>
    </message>
    <message>
        <source>%1: not a Tramontane chat export (&apos;format&apos; is not &quot;%2&quot;)</source>
        <translation>%1: Tramontane 대화 내보내기 파일이 아닙니다(&apos;format&apos; 값이 &quot;%2&quot;이(가) 아님)</translation>
    </message>
    <message>
        <source>%1: made by a newer Tramontane (format version %2; this one reads %3)</source>
        <translation>%1: 더 새로운 Tramontane에서 만든 파일입니다(형식 버전 %2, 이 버전이 읽는 형식 버전 %3)</translation>
    </message>
    <message>
        <source>%1: unsupported format version</source>
        <translation>%1: 지원하지 않는 형식 버전입니다</translation>
    </message>
    <message>
        <source>%1: &apos;conversations&apos; must be an array</source>
        <translation>%1: &apos;conversations&apos;는 배열이어야 합니다</translation>
    </message>
    <message>
        <source>%1: more than %2 conversations</source>
        <translation>%1: 대화가 %2개를 넘습니다</translation>
    </message>
    <message>
        <source>%1: conversation %2</source>
        <translation>%1: 대화 %2</translation>
    </message>
    <message>
        <source>is not valid Unicode (an unpaired surrogate)</source>
        <translation>은(는) 올바른 유니코드가 아닙니다(짝이 없는 서로게이트)</translation>
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
        <translation>기록 데이터베이스가 열려 있지 않습니다</translation>
    </message>
    <message>
        <source>%1: the history database was used from a thread that did not open it</source>
        <translation>%1: 기록 데이터베이스를 연 스레드가 아닌 다른 스레드에서 사용했습니다</translation>
    </message>
    <message>
        <source>%1: cannot create the folder %2</source>
        <translation>%1: 폴더 %2을(를) 만들 수 없습니다</translation>
    </message>
    <message>
        <source>%1 gave &apos;%2&apos; (expected &apos;%3&apos;)</source>
        <translation>%1의 결과가 &apos;%2&apos;입니다(&apos;%3&apos;이어야 함)</translation>
    </message>
    <message>
        <source>%1: cannot open the history database: %2</source>
        <translation>%1: 기록 데이터베이스를 열 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: cannot read the history database: %2</source>
        <translation>%1: 기록 데이터베이스를 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: cannot switch to WAL journaling: %2</source>
        <translation>%1: WAL 저널링으로 전환할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: cannot set synchronous=FULL: %2</source>
        <translation>%1: synchronous=FULL을 설정할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: cannot enable foreign keys: %2</source>
        <translation>%1: 외래 키를 활성화할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: foreign keys are not available: %2</source>
        <translation>%1: 외래 키를 사용할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>cannot create the conversation</source>
        <translation>대화를 만들 수 없습니다</translation>
    </message>
    <message>
        <source>the title is too long</source>
        <translation>제목이 너무 깁니다</translation>
    </message>
    <message>
        <source>cannot read the conversation</source>
        <translation>대화를 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>there is no conversation %1</source>
        <translation>대화 %1이(가) 없습니다</translation>
    </message>
    <message>
        <source>cannot list the conversations</source>
        <translation>대화 목록을 가져올 수 없습니다</translation>
    </message>
    <message>
        <source>cannot rename the conversation</source>
        <translation>대화 이름을 바꿀 수 없습니다</translation>
    </message>
    <message>
        <source>cannot pin the conversation</source>
        <translation>대화를 고정할 수 없습니다</translation>
    </message>
    <message>
        <source>cannot set the conversation&apos;s preset</source>
        <translation>대화의 프리셋을 설정할 수 없습니다</translation>
    </message>
    <message>
        <source>cannot set the conversation&apos;s model</source>
        <translation>대화의 모델을 설정할 수 없습니다</translation>
    </message>
    <message>
        <source>cannot delete the conversation</source>
        <translation>대화를 삭제할 수 없습니다</translation>
    </message>
    <message>
        <source>cannot restore the conversation</source>
        <translation>대화를 복원할 수 없습니다</translation>
    </message>
    <message>
        <source>cannot purge deleted conversations</source>
        <translation>삭제된 대화를 영구 삭제할 수 없습니다</translation>
    </message>
    <message>
        <source>there is no message %1</source>
        <translation>메시지 %1이(가) 없습니다</translation>
    </message>
    <message>
        <source>cannot save the message</source>
        <translation>메시지를 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>the message is too long</source>
        <translation>메시지가 너무 깁니다</translation>
    </message>
    <message>
        <source>conversation %1 is deleted</source>
        <translation>대화 %1은(는) 삭제되었습니다</translation>
    </message>
    <message>
        <source>cannot save the edited message</source>
        <translation>편집한 메시지를 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>message %1 is not a user message</source>
        <translation>메시지 %1은(는) 사용자 메시지가 아닙니다</translation>
    </message>
    <message>
        <source>cannot read the message</source>
        <translation>메시지를 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>cannot read the messages</source>
        <translation>메시지 목록을 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>cannot show the branch</source>
        <translation>분기를 표시할 수 없습니다</translation>
    </message>
    <message>
        <source>cannot save the moderation verdict</source>
        <translation>검토 결과를 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>cannot start the answer</source>
        <translation>답변을 시작할 수 없습니다</translation>
    </message>
    <message>
        <source>cannot save the answer</source>
        <translation>답변을 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>message %1 is not streaming</source>
        <translation>메시지 %1은(는) 생성 중이 아닙니다</translation>
    </message>
    <message>
        <source>the answer is too long</source>
        <translation>답변이 너무 깁니다</translation>
    </message>
    <message>
        <source>a finished answer needs a stop reason</source>
        <translation>완료된 답변에는 중지 이유가 필요합니다</translation>
    </message>
    <message>
        <source>cannot recover interrupted answers</source>
        <translation>중단된 답변을 복구할 수 없습니다</translation>
    </message>
    <message>
        <source>cannot search</source>
        <translation>검색할 수 없습니다</translation>
    </message>
    <message>
        <source>System</source>
        <translation>시스템</translation>
    </message>
    <message>
        <source>You</source>
        <translation>나</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>어시스턴트</translation>
    </message>
    <message>
        <source>still being written</source>
        <translation>작성 중</translation>
    </message>
    <message>
        <source>cut at the token limit</source>
        <translation>토큰 한도에서 잘림</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>컨텍스트 가득 참</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>ended by an error</source>
        <translation>오류로 종료됨</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>중단됨</translation>
    </message>
    <message>
        <source>*Created %1; last changed %2.*</source>
        <translation>*만든 날짜: %1, 마지막 변경: %2*</translation>
    </message>
    <message>
        <source>preset: %1</source>
        <translation>프리셋: %1</translation>
    </message>
    <message>
        <source>cannot import the conversations</source>
        <translation>대화를 가져올 수 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 MiB</source>
        <translation>%1: 파일이 %2MiB보다 큽니다</translation>
    </message>
    <message>
        <source>negative token count or seed</source>
        <translation>토큰 수 또는 시드가 음수입니다</translation>
    </message>
    <message>
        <source>message %1 is not an answer</source>
        <translation>메시지 %1은(는) 답변이 아닙니다</translation>
    </message>
</context>
<context>
    <name>DamagedHistoryDialog</name>
    <message>
        <source>Damaged chat history</source>
        <translation>손상된 대화 기록</translation>
    </message>
    <message>
        <source>The chat history file is damaged and cannot be opened:
%1</source>
        <translation>대화 기록 파일이 손상되어 열 수 없습니다:
%1</translation>
    </message>
    <message>
        <source>Tramontane can keep the damaged file under a new name beside it (nothing is deleted) and start with an empty history; backups are in the backups folder next to it. Or quit and leave the file as it is.</source>
        <translation>Tramontane은 손상된 파일을 같은 폴더에 새 이름으로 보관하고(아무것도 삭제하지 않습니다) 빈 기록으로 시작할 수 있습니다. 백업은 옆의 backups 폴더에 있습니다. 또는 종료하여 파일을 그대로 둘 수 있습니다.</translation>
    </message>
    <message>
        <source>Keep a copy and start fresh</source>
        <translation>사본을 보관하고 새로 시작</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
</context>
<context>
    <name>HistorySafety</name>
    <message>
        <source>%1: cannot rename the damaged history to %2</source>
        <translation>%1: 손상된 기록의 이름을 %2(으)로 바꿀 수 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot move %2 aside</source>
        <translation>%1: %2을(를) 옮겨 둘 수 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot create the backup folder</source>
        <translation>%1: 백업 폴더를 만들 수 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot write the backup %2: %3</source>
        <translation>%1: 백업 %2을(를) 쓸 수 없습니다: %3</translation>
    </message>
    <message>
        <source>%1: cannot replace the backup</source>
        <translation>%1: 백업을 교체할 수 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot write the backup</source>
        <translation>%1: 백업을 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot remove an old backup</source>
        <translation>%1: 오래된 백업을 삭제할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>ModerationStore</name>
    <message>
        <source>%1: cannot save the moderation run: %2</source>
        <translation>%1: 모더레이션 실행을 저장할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: cannot save the moderation results: %2</source>
        <translation>%1: 모더레이션 결과를 저장할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: cannot read the moderation runs: %2</source>
        <translation>%1: 모더레이션 실행을 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <source>there is no moderation run %1</source>
        <translation>모더레이션 실행 %1이(가) 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot read the moderation results: %2</source>
        <translation>%1: 검토 결과를 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: cannot delete the moderation run: %2</source>
        <translation>%1: 검토 실행을 삭제할 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>PresetStore</name>
    <message>
        <source>None</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Mistral guardrail</source>
        <translation>Mistral 가드레일</translation>
    </message>
    <message>
        <source>Llama 2 safety prompt</source>
        <translation>Llama 2 안전 프롬프트</translation>
    </message>
    <message>
        <source>%1: cannot read the preset</source>
        <translation>%1: 프리셋을 읽을 수 없습니다</translation>
    </message>
    <message>
        <source>%1: not a valid preset file</source>
        <translation>%1: 올바른 프리셋 파일이 아닙니다</translation>
    </message>
    <message>
        <source>the built-in presets are missing from this build</source>
        <translation>이 빌드에 기본 제공 프리셋이 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot read the presets: %2</source>
        <translation>%1: 프리셋을 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <source>there is no preset &apos;%1&apos;</source>
        <translation>프리셋 &apos;%1&apos;이(가) 없습니다</translation>
    </message>
    <message>
        <source>a preset needs a name</source>
        <translation>프리셋에는 이름이 필요합니다</translation>
    </message>
    <message>
        <source>the preset name is longer than %1 characters</source>
        <translation>프리셋 이름이 %1자를 넘습니다</translation>
    </message>
    <message>
        <source>the preset text is longer than %1 characters</source>
        <translation>프리셋 텍스트가 %1자를 넘습니다</translation>
    </message>
    <message>
        <source>a preset named &apos;%1&apos; already exists</source>
        <translation>이름이 &apos;%1&apos;인 프리셋이 이미 있습니다</translation>
    </message>
    <message>
        <source>no free name for the preset &apos;%1&apos;</source>
        <translation>프리셋 &apos;%1&apos;에 사용할 수 있는 이름이 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot save the preset: %2</source>
        <translation>%1: 프리셋을 저장할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>the built-in preset &apos;%1&apos; cannot be changed; duplicate it</source>
        <translation>기본 제공 프리셋 &apos;%1&apos;은(는) 변경할 수 없습니다. 복제해서 사용하세요</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (사본)</translation>
    </message>
    <message>
        <source>the built-in preset &apos;%1&apos; cannot be deleted</source>
        <translation>기본 제공 프리셋 &apos;%1&apos;은(는) 삭제할 수 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot delete the preset: %2</source>
        <translation>%1: 프리셋을 삭제할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 MiB</source>
        <translation>%1: 파일이 %2MiB보다 큽니다</translation>
    </message>
    <message>
        <source>%1: not valid JSON at byte %2: %3</source>
        <translation>%1: %2바이트 위치의 JSON이 올바르지 않습니다: %3</translation>
    </message>
    <message>
        <source>%1: not a Tramontane preset file</source>
        <translation>%1: Tramontane 프리셋 파일이 아닙니다</translation>
    </message>
    <message>
        <source>%1: unsupported preset file version</source>
        <translation>%1: 지원하지 않는 프리셋 파일 버전입니다</translation>
    </message>
    <message>
        <source>%1: &apos;presets&apos; must be an array</source>
        <translation>%1: &apos;presets&apos;는 배열이어야 합니다</translation>
    </message>
    <message>
        <source>%1: more than %2 presets</source>
        <translation>%1: 프리셋이 %2개를 넘습니다</translation>
    </message>
    <message>
        <source>%1: preset %2</source>
        <translation>%1: 프리셋 %2</translation>
    </message>
    <message>
        <source>%1: needs string fields &apos;name&apos; and &apos;text&apos;</source>
        <translation>%1: 문자열 필드 &apos;name&apos;과 &apos;text&apos;가 필요합니다</translation>
    </message>
    <message>
        <source>%1: the name must have 1 to %2 characters</source>
        <translation>%1: 이름은 1~%2자여야 합니다</translation>
    </message>
    <message>
        <source>%1: the text is longer than %2 characters</source>
        <translation>%1: 텍스트가 %2자를 넘습니다</translation>
    </message>
    <message>
        <source>%1: cannot import presets: %2</source>
        <translation>%1: 프리셋을 가져올 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: the name or text is not valid Unicode (an unpaired surrogate)</source>
        <translation>%1: 이름이나 텍스트가 올바른 유니코드가 아닙니다(짝이 없는 서로게이트)</translation>
    </message>
</context>
<context>
    <name>RemoteApi</name>
    <message>
        <source>the server&apos;s answer is not JSON (%1 at byte %2)</source>
        <translation>서버의 응답이 JSON이 아닙니다(%2바이트 위치에서 %1)</translation>
    </message>
    <message>
        <source>the server&apos;s answer is not a JSON object</source>
        <translation>서버의 응답이 JSON 객체가 아닙니다</translation>
    </message>
    <message>
        <source>the model list has no &quot;data&quot; array</source>
        <translation>모델 목록에 &quot;data&quot; 배열이 없습니다</translation>
    </message>
    <message>
        <source>the server lists no models</source>
        <translation>서버의 모델 목록이 비어 있습니다</translation>
    </message>
    <message>
        <source>the adapter list is not a JSON array</source>
        <translation>어댑터 목록이 JSON 배열이 아닙니다</translation>
    </message>
    <message>
        <source>%1 is not an adapter of this server</source>
        <translation>%1은(는) 이 서버의 어댑터가 아닙니다</translation>
    </message>
    <message>
        <source>vLLM serves one adapter per request: enable only one</source>
        <translation>vLLM은 요청당 어댑터를 하나만 사용합니다. 하나만 켜세요</translation>
    </message>
    <message>
        <source>vLLM applies adapters at scale 1 only: set %1 to 1</source>
        <translation>vLLM은 어댑터를 배율 1로만 적용합니다. %1의 배율을 1로 설정하세요</translation>
    </message>
    <message>
        <source>this server does not say how to choose LoRA adapters (llama.cpp&apos;s server and vLLM do)</source>
        <translation>이 서버는 LoRA 어댑터를 선택하는 방법을 알려 주지 않습니다(llama.cpp 서버와 vLLM은 알려 줌)</translation>
    </message>
    <message>
        <source>the server reported an error</source>
        <translation>서버가 오류를 보고했습니다</translation>
    </message>
    <message>
        <source>a streamed chunk has no &quot;choices&quot; array</source>
        <translation>스트리밍된 청크에 &quot;choices&quot; 배열이 없습니다</translation>
    </message>
    <message>
        <source>the completion has no choices</source>
        <translation>완성 응답에 choices가 없습니다</translation>
    </message>
    <message>
        <source>the server answered HTTP %1</source>
        <translation>서버 응답: HTTP %1</translation>
    </message>
    <message>
        <source>the server answered HTTP %1: %2</source>
        <translation>서버 응답: HTTP %1: %2</translation>
    </message>
    <message>
        <source>the answer has no top logprobs (does the server support &quot;logprobs&quot;?)</source>
        <translation>응답에 상위 logprobs가 없습니다(서버가 &quot;logprobs&quot;를 지원합니까?)</translation>
    </message>
</context>
<context>
    <name>RemoteBackend</name>
    <message>
        <source>%1: nothing answers there (is the server running, and on this port?)</source>
        <translation>%1: 응답이 없습니다(서버가 실행 중이고 이 포트를 사용합니까?)</translation>
    </message>
    <message>
        <source>%1: the host name is unknown</source>
        <translation>%1: 알 수 없는 호스트 이름입니다</translation>
    </message>
    <message>
        <source>%1: the server closed the connection</source>
        <translation>%1: 서버가 연결을 닫았습니다</translation>
    </message>
    <message>
        <source>%1: the TLS handshake failed (%2)</source>
        <translation>%1: TLS 핸드셰이크에 실패했습니다(%2)</translation>
    </message>
    <message>
        <source>%1: the server wants an API key (or another one)</source>
        <translation>%1: 서버가 API 키(또는 다른 키)를 요구합니다</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 is not a server address: give http://host:port or https://host/...</source>
        <translation>%1은(는) 서버 주소가 아닙니다. 다음 형식으로 입력하세요: http://host:port 또는 https://host/...</translation>
    </message>
    <message>
        <source>%1 does not serve &quot;%2&quot;; it serves: %3</source>
        <translation>%1은(는) &quot;%2&quot;을(를) 제공하지 않습니다. 제공하는 모델: %3</translation>
    </message>
    <message>
        <source>%1 server at %2</source>
        <translation>%2의 %1 서버</translation>
    </message>
    <message>
        <source>Not connected to a server</source>
        <translation>서버에 연결되어 있지 않습니다</translation>
    </message>
    <message>
        <source>An answer is already streaming</source>
        <translation>이미 답변을 받는 중입니다</translation>
    </message>
    <message>
        <source>the server sent a malformed event: %1</source>
        <translation>서버가 잘못된 형식의 이벤트를 보냈습니다: %1</translation>
    </message>
    <message>
        <source>the server reported an error mid-answer: %1</source>
        <translation>답변 도중 서버가 오류를 보고했습니다: %1</translation>
    </message>
    <message>
        <source>%1 (the answer so far is kept)</source>
        <translation>%1 (지금까지의 답변은 유지됩니다)</translation>
    </message>
    <message>
        <source>%1: the stream ended before the answer was complete (no finish reason, no [DONE])%2</source>
        <translation>%1: 답변이 완료되기 전에 스트림이 끝났습니다(종료 이유 없음, [DONE] 없음)%2</translation>
    </message>
    <message>
        <source>; the answer so far is kept</source>
        <translation>; 지금까지의 답변은 유지됩니다</translation>
    </message>
    <message>
        <source>%1: the server sent nothing for %2 s</source>
        <translation>%1: 서버가 %2초 동안 아무것도 보내지 않았습니다</translation>
    </message>
    <message>
        <source>%1: the answer is larger than %2 MiB</source>
        <translation>%1: 응답이 %2MiB보다 큽니다</translation>
    </message>
    <message>
        <source> (prompts in %1 format via /v1/completions)</source>
        <translation> (/v1/completions로 %1 형식 프롬프트)</translation>
    </message>
</context>
<context>
    <name>RemoteModerator</name>
    <message>
        <source>Not connected to a server</source>
        <translation>서버에 연결되어 있지 않습니다</translation>
    </message>
    <message>
        <source>Choose a policy first</source>
        <translation>먼저 정책을 고르세요</translation>
    </message>
    <message>
        <source>Moderation is busy</source>
        <translation>모더레이션이 실행 중입니다</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>%1 (attempts: %2)</source>
        <translation>%1 (시도 횟수: %2)</translation>
    </message>
</context>
<context>
    <name>RemotePrompt</name>
    <message>
        <source>the server&apos;s chat template renders this conversation, not Tramontane</source>
        <translation>이 대화는 Tramontane이 아니라 서버의 채팅 템플릿이 렌더링합니다</translation>
    </message>
    <message>
        <source>the conversation has no messages</source>
        <translation>대화에 메시지가 없습니다</translation>
    </message>
    <message>
        <source>the last message is an answer; it must be a user message</source>
        <translation>마지막 메시지가 답변입니다. 사용자 메시지여야 합니다</translation>
    </message>
    <message>
        <source>an answer in the conversation is empty</source>
        <translation>대화의 답변 하나가 비어 있습니다</translation>
    </message>
</context>
<context>
    <name>SchemaMigrations</name>
    <message>
        <source>%1: cannot read the schema version: %2</source>
        <translation>%1: 스키마 버전을 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: the history database has schema version %2, newer than this version of Tramontane supports (%3); use a newer Tramontane</source>
        <translation>%1: 기록 데이터베이스의 스키마 버전(%2)이 이 버전의 Tramontane이 지원하는 버전(%3)보다 새롭습니다. 더 새로운 Tramontane을 사용하세요</translation>
    </message>
    <message>
        <source>%1: invalid schema version %2</source>
        <translation>%1: 잘못된 스키마 버전 %2</translation>
    </message>
    <message>
        <source>%1: cannot read the database: %2</source>
        <translation>%1: 데이터베이스를 읽을 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: not a Tramontane history database (it has tables but no schema version)</source>
        <translation>%1: Tramontane 기록 데이터베이스가 아닙니다(테이블은 있지만 스키마 버전이 없음)</translation>
    </message>
    <message>
        <source>%1: cannot prepare the migration: %2</source>
        <translation>%1: 마이그레이션을 준비할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>%1: no migration from schema version %2 to %3</source>
        <translation>%1: 스키마 버전 %2에서 %3(으)로 마이그레이션할 방법이 없습니다</translation>
    </message>
    <message>
        <source>%1: migration to schema version %2 failed: %3</source>
        <translation>%1: 스키마 버전 %2(으)로 마이그레이션하지 못했습니다: %3</translation>
    </message>
    <message>
        <source>%1: cannot enable foreign keys: %2</source>
        <translation>%1: 외래 키를 활성화할 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>SqlUtil</name>
    <message>
        <source>the disk is full or the database reached its size limit: free some space (%1)</source>
        <translation>디스크가 가득 찼거나 데이터베이스가 크기 한도에 도달했습니다: 공간을 확보하세요 (%1)</translation>
    </message>
    <message>
        <source>the disk could not be written (full, or a file size limit): free some space (%1)</source>
        <translation>디스크에 쓸 수 없습니다(가득 참 또는 파일 크기 한도): 공간을 확보하세요 (%1)</translation>
    </message>
</context>
<context>
    <name>SseParser</name>
    <message>
        <source>a line of the event stream is longer than %1 MiB</source>
        <translation>이벤트 스트림의 한 줄이 %1 MiB를 넘습니다</translation>
    </message>
    <message>
        <source>an event of the stream is larger than %1 MiB</source>
        <translation>스트림의 이벤트 하나가 %1 MiB를 넘습니다</translation>
    </message>
</context>
<context>
    <name>UserPolicyStore</name>
    <message>
        <source>The policy needs a name</source>
        <translation>정책에 이름이 필요합니다</translation>
    </message>
    <message>
        <source>The name &apos;%1&apos; cannot be used: use letters, digits, &apos;-&apos;, &apos;_&apos; and &apos;.&apos; (at most 64)</source>
        <translation>이름 &apos;%1&apos;은(는) 사용할 수 없습니다: 문자, 숫자, &apos;-&apos;, &apos;_&apos;, &apos;.&apos;만 사용하세요(최대 64자)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is the name of a built-in policy</source>
        <translation>&apos;%1&apos;은(는) 기본 제공 정책의 이름입니다</translation>
    </message>
    <message>
        <source>There is already a policy named &apos;%1&apos;</source>
        <translation>&apos;%1&apos;(이)라는 정책이 이미 있습니다</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1: 폴더를 만들 수 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot save the policy: %2</source>
        <translation>%1: 정책을 저장할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>There is no policy named &apos;%1&apos;</source>
        <translation>&apos;%1&apos;(이)라는 정책이 없습니다</translation>
    </message>
    <message>
        <source>%1: cannot delete the policy: %2</source>
        <translation>%1: 정책을 삭제할 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Local chat with Mistral-family models</source>
        <translation>Mistral 계열 모델과 로컬에서 대화</translation>
    </message>
    <message>
        <source>Keep the history and settings in DIR instead of the user&apos;s data folder.</source>
        <translation>기록과 설정을 사용자 데이터 폴더 대신 DIR에 저장합니다.</translation>
    </message>
    <message>
        <source>Load the model at PATH (.gguf or a folder) at start.</source>
        <translation>시작할 때 PATH의 모델(.gguf 또는 폴더)을 불러옵니다.</translation>
    </message>
    <message>
        <source>Interface language: en, ko, ja or zh_CN.</source>
        <translation>인터페이스 언어: en, ko, ja 또는 zh_CN.</translation>
    </message>
    <message>
        <source>Tramontane</source>
        <translation>Tramontane</translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation>버전을 출력하고 종료합니다.</translation>
    </message>
    <message>
        <source>Run models on BACKEND: cpu, cuda or auto (the GPU when there is one).</source>
        <translation>BACKEND에서 모델을 실행합니다: cpu, cuda 또는 auto(GPU가 있으면 GPU).</translation>
    </message>
    <message>
        <source>Unknown backend &apos;%1&apos; (expected cpu, cuda or auto).</source>
        <translation>알 수 없는 백엔드 &apos;%1&apos;입니다(cpu, cuda 또는 auto여야 함).</translation>
    </message>
    <message>
        <source>The damaged history was kept as %1</source>
        <translation>손상된 기록은 %1(으)로 보관되었습니다</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::AdapterManager</name>
    <message>
        <source>%1 is not a LoRA adapter: choose a folder with adapter_config.json or a .gguf LoRA file.</source>
        <translation>%1은(는) LoRA 어댑터가 아닙니다: adapter_config.json이 있는 폴더나 .gguf LoRA 파일을 선택하세요.</translation>
    </message>
    <message>
        <source>Use %1 in this conversation</source>
        <translation>이 대화에서 %1 사용</translation>
    </message>
    <message>
        <source> (rsLoRA)</source>
        <translation> (rsLoRA)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>예</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>불러온 모델 없음</translation>
    </message>
    <message>
        <source>No: %1</source>
        <translation>아니요: %1</translation>
    </message>
    <message>
        <source>Adapters in memory: %1 (%2)</source>
        <translation>메모리의 어댑터: %1개 (%2)</translation>
    </message>
    <message>
        <source>Add a LoRA adapter folder</source>
        <translation>LoRA 어댑터 폴더 추가</translation>
    </message>
    <message>
        <source>Add a GGUF LoRA file</source>
        <translation>GGUF LoRA 파일 추가</translation>
    </message>
    <message>
        <source>GGUF LoRA adapters (*.gguf)</source>
        <translation>GGUF LoRA 어댑터 (*.gguf)</translation>
    </message>
    <message>
        <source>Adapters</source>
        <translation>어댑터</translation>
    </message>
    <message>
        <source>LoRA adapters for this conversation. Changes apply to the next answer; the model is not reloaded.</source>
        <translation>이 대화의 LoRA 어댑터입니다. 변경 사항은 다음 답변부터 적용되며 모델을 다시 불러오지 않습니다.</translation>
    </message>
    <message>
        <source>Open a conversation to choose its adapters.</source>
        <translation>어댑터를 선택하려면 대화를 여세요.</translation>
    </message>
    <message>
        <source>On</source>
        <translation>사용</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>랭크</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>알파</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>대상</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Trained for</source>
        <translation>학습 기반 모델</translation>
    </message>
    <message>
        <source>Fits the model</source>
        <translation>모델 호환</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>배율</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>폴더 추가…</translation>
    </message>
    <message>
        <source>Add .gguf file…</source>
        <translation>.gguf 파일 추가…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>비교…</translation>
    </message>
    <message>
        <source>The model runs on the server %1: its adapters are the server&apos;s own (the ones it lists are added here); adapter files on this computer are not used.</source>
        <translation>모델이 서버 %1에서 실행됩니다. 어댑터는 서버가 제공하는 것을 사용하며(서버 목록에 있는 어댑터가 여기에 추가됨), 이 컴퓨터의 어댑터 파일은 사용되지 않습니다.</translation>
    </message>
    <message>
        <source>Not while connected to a server</source>
        <translation>서버에 연결된 동안에는 사용할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ApiKeyStore</name>
    <message>
        <source>This build of Tramontane has no keychain support (QtKeychain).</source>
        <translation>이 Tramontane 빌드는 키체인을 지원하지 않습니다(QtKeychain).</translation>
    </message>
    <message>
        <source>The system keychain is not available (%1); the key is kept for this session only.</source>
        <translation>시스템 키체인을 사용할 수 없습니다(%1). 키는 이번 세션에만 보관됩니다.</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ChatFlow</name>
    <message>
        <source>The engine is busy. Wait for it or press Stop.</source>
        <translation>엔진이 사용 중입니다. 기다리거나 중지를 누르세요.</translation>
    </message>
    <message>
        <source>Only an answer can be regenerated.</source>
        <translation>답변만 다시 생성할 수 있습니다.</translation>
    </message>
    <message>
        <source>The conversation changed; try again.</source>
        <translation>대화가 바뀌었습니다. 다시 시도하세요.</translation>
    </message>
    <message>
        <source>No model is loaded. Open a model first (File &gt; Open model file…).</source>
        <translation>불러온 모델이 없습니다. 먼저 모델을 여세요(파일 &gt; 모델 파일 열기…).</translation>
    </message>
    <message>
        <source>The message is being checked by moderation. Wait a moment.</source>
        <translation>메시지를 모더레이션으로 확인하는 중입니다. 잠시 기다리세요.</translation>
    </message>
    <message>
        <source>No model is loaded: open a model first</source>
        <translation>불러온 모델이 없습니다: 먼저 모델을 여세요</translation>
    </message>
    <message>
        <source>Moderation is busy</source>
        <translation>모더레이션이 실행 중입니다</translation>
    </message>
    <message>
        <source>moderation failed</source>
        <translation>모더레이션 실패</translation>
    </message>
    <message>
        <source>Not sent: moderation flagged this message as &quot;%1&quot; (policy %2).</source>
        <translation>보내지 않음: 모더레이션이 이 메시지를 &quot;%1&quot;(으)로 표시했습니다 (정책 %2).</translation>
    </message>
    <message>
        <source>Not sent: the moderation check failed: %1</source>
        <translation>보내지 않음: 모더레이션 확인에 실패했습니다: %1</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ChatModerationDialog</name>
    <message>
        <source>Chat moderation</source>
        <translation>채팅 모더레이션</translation>
    </message>
    <message>
        <source>Moderate this conversation</source>
        <translation>이 대화를 모더레이션</translation>
    </message>
    <message>
        <source>Policy file…</source>
        <translation>정책 파일…</translation>
    </message>
    <message>
        <source>The user&apos;s messages</source>
        <translation>사용자 메시지</translation>
    </message>
    <message>
        <source>The model&apos;s answers</source>
        <translation>모델 답변</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>둘 다</translation>
    </message>
    <message>
        <source>Warn: send, mark the message</source>
        <translation>경고: 보내고 메시지에 표시</translation>
    </message>
    <message>
        <source>Block: do not send a flagged message</source>
        <translation>차단: 표시된 메시지는 보내지 않음</translation>
    </message>
    <message>
        <source>Log only: store the verdict, show nothing</source>
        <translation>기록만: 판정을 저장하고 표시하지 않음</translation>
    </message>
    <message>
        <source>Moderation runs the loaded model on the CPU with the policy&apos;s prompt. A flagged answer cannot be unsent: with Block it is marked as with Warn. A policy is not a security boundary.</source>
        <translation>모더레이션은 불러온 모델을 정책의 프롬프트로 CPU에서 실행합니다. 표시된 답변은 취소할 수 없으므로 차단에서도 경고와 같이 표시됩니다. 정책은 보안 경계가 아닙니다.</translation>
    </message>
    <message>
        <source>Policy:</source>
        <translation>정책:</translation>
    </message>
    <message>
        <source>Check:</source>
        <translation>확인 대상:</translation>
    </message>
    <message>
        <source>When flagged:</source>
        <translation>표시되었을 때:</translation>
    </message>
    <message>
        <source>Moderation: off</source>
        <translation>모더레이션: 꺼짐</translation>
    </message>
    <message>
        <source>warn</source>
        <translation>경고</translation>
    </message>
    <message>
        <source>block</source>
        <translation>차단</translation>
    </message>
    <message>
        <source>log only</source>
        <translation>기록만</translation>
    </message>
    <message>
        <source>Moderation: %1, %2</source>
        <translation>모더레이션: %1, %2</translation>
    </message>
    <message>
        <source>Open a moderation policy</source>
        <translation>모더레이션 정책 열기</translation>
    </message>
    <message>
        <source>Moderation policies (*.json)</source>
        <translation>모더레이션 정책 (*.json)</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ChatView</name>
    <message>
        <source>No messages yet. Write below to start the conversation.</source>
        <translation>아직 메시지가 없습니다. 아래에 입력해 대화를 시작하세요.</translation>
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
        <translation>어댑터 없음</translation>
    </message>
    <message>
        <source>(unused)</source>
        <translation>(사용 안 함)</translation>
    </message>
    <message>
        <source>This conversation&apos;s set</source>
        <translation>이 대화의 세트</translation>
    </message>
    <message>
        <source>No model is loaded. Open a model first (File &gt; Open model file…).</source>
        <translation>불러온 모델이 없습니다. 먼저 모델을 여세요(파일 &gt; 모델 파일 열기…).</translation>
    </message>
    <message>
        <source>The engine is busy. Wait for it or press Stop.</source>
        <translation>엔진이 사용 중입니다. 기다리거나 중지를 누르세요.</translation>
    </message>
    <message>
        <source>Type a prompt to compare.</source>
        <translation>비교할 프롬프트를 입력하세요.</translation>
    </message>
    <message>
        <source>Choose an adapter set for at least one column.</source>
        <translation>적어도 한 열에 어댑터 세트를 선택하세요.</translation>
    </message>
    <message>
        <source>%1 tokens, %2 ms/token</source>
        <translation>토큰 %1개, 토큰당 %2 ms</translation>
    </message>
    <message>
        <source>Compare adapter sets</source>
        <translation>어댑터 세트 비교</translation>
    </message>
    <message>
        <source>One prompt, answered with each set</source>
        <translation>하나의 프롬프트를 각 세트로 답변합니다</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::Composer</name>
    <message>
        <source>Write a message (Enter sends, Shift+Enter for a new line)</source>
        <translation>메시지 입력(Enter: 보내기, Shift+Enter: 줄 바꿈)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>답변 중지</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>메시지 보내기</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ConversationListModel</name>
    <message>
        <source>New conversation</source>
        <translation>새 대화</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ConversationPanel</name>
    <message>
        <source>Deleted “%1”</source>
        <translation>“%1” 삭제됨</translation>
    </message>
    <message>
        <source>No messages match “%1”.</source>
        <translation>“%1”과(와) 일치하는 메시지가 없습니다.</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>이름 바꾸기</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>고정 해제</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>맨 위에 고정</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Search all conversations</source>
        <translation>모든 대화 검색</translation>
    </message>
    <message>
        <source>New</source>
        <translation>새 대화</translation>
    </message>
    <message>
        <source>Start a new conversation</source>
        <translation>새 대화 시작</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::EngineController</name>
    <message>
        <source>The server %1 does not offer this adapter; adapters of a remote model are the server&apos;s own</source>
        <translation>서버 %1은(는) 이 어댑터를 제공하지 않습니다. 원격 모델의 어댑터는 서버가 제공하는 것만 사용할 수 있습니다</translation>
    </message>
    <message>
        <source>Comparing adapter sets runs on the local engine only; this model is on a server</source>
        <translation>어댑터 세트 비교는 로컬 엔진에서만 실행됩니다. 이 모델은 서버에 있습니다</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::EngineWorker</name>
    <message>
        <source>Loading %1 was cancelled.</source>
        <translation>%1 불러오기가 취소되었습니다.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 읽는 중…</translation>
    </message>
    <message>
        <source>Reading %1 and preparing the GPU…</source>
        <translation>%1 읽고 GPU 준비 중…</translation>
    </message>
    <message>
        <source>Starting the model…</source>
        <translation>모델 시작 중…</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>불러온 모델이 없습니다.</translation>
    </message>
    <message>
        <source>A conversation turn cannot be a system message.</source>
        <translation>대화 턴은 시스템 메시지일 수 없습니다.</translation>
    </message>
    <message>
        <source>Adapter %1: the scale %2 is outside 0 to 2.</source>
        <translation>어댑터 %1: 배율 %2이(가) 0~2 범위를 벗어났습니다.</translation>
    </message>
    <message>
        <source>Adapter %1 cannot be used with this model: %2</source>
        <translation>어댑터 %1은(는) 이 모델에서 사용할 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Adapter %1: %2</source>
        <translation>어댑터 %1: %2</translation>
    </message>
    <message>
        <source>Its shapes do not fit the loaded model.</source>
        <translation>텐서 형태가 불러온 모델과 맞지 않습니다.</translation>
    </message>
    <message>
        <source>No model is loaded: compatibility unknown.</source>
        <translation>불러온 모델이 없어 호환 여부를 알 수 없습니다.</translation>
    </message>
    <message>
        <source>Compare 1 to %1 adapter sets.</source>
        <translation>어댑터 세트는 1~%1개까지 비교할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::HistoryTransfer</name>
    <message>
        <source>%1: cannot write the file: %2</source>
        <translation>%1: 파일을 쓸 수 없습니다: %2</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Tramontane JSON, every branch (*.json)</source>
        <translation>Tramontane JSON, 모든 분기 포함 (*.json)</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>대화 내보내기</translation>
    </message>
    <message>
        <source>Export all conversations</source>
        <translation>모든 대화 내보내기</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
    <message>
        <source>Import conversations</source>
        <translation>대화 가져오기</translation>
    </message>
    <message>
        <source>Tramontane JSON (*.json)</source>
        <translation>Tramontane JSON (*.json)</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>가져오기 실패</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::KvVisualizer</name>
    <message>
        <source>Export heatmap</source>
        <translation>히트맵 내보내기</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1에 쓸 수 없습니다.</translation>
    </message>
    <message>
        <source>Export attention weights</source>
        <translation>어텐션 가중치 내보내기</translation>
    </message>
    <message>
        <source>NumPy arrays (*.npy)</source>
        <translation>NumPy 배열 (*.npy)</translation>
    </message>
    <message>
        <source>KV cache and attention</source>
        <translation>KV 캐시와 어텐션</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>레이어</translation>
    </message>
    <message>
        <source>Query head</source>
        <translation>쿼리 헤드</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>로그 스케일</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>한 단계</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG 내보내기…</translation>
    </message>
    <message>
        <source>Export .npy…</source>
        <translation>.npy 내보내기…</translation>
    </message>
    <message>
        <source>KV ring (slots by position, write head in red)</source>
        <translation>KV 링 (위치별 슬롯, 쓰기 헤드는 빨간색)</translation>
    </message>
    <message>
        <source>Attention (queries × keys by position)</source>
        <translation>어텐션 (쿼리 × 위치별 키)</translation>
    </message>
    <message>
        <source>Tokens (highlighted: inside the window)</source>
        <translation>토큰 (강조: 윈도우 안)</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Probes are not available: %1</source>
        <translation>프로브를 사용할 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Head %1 · KV head %2 (group of %3)</source>
        <translation>헤드 %1 · KV 헤드 %2 (%3개 그룹)</translation>
    </message>
    <message>
        <source>Waiting for the model to run…</source>
        <translation>모델 실행을 기다리는 중…</translation>
    </message>
    <message>
        <source>%1 / %2 slots
position %3</source>
        <translation>슬롯 %1 / %2
위치 %3</translation>
    </message>
    <message>
        <source>position %1, slot %2</source>
        <translation>위치 %1, 슬롯 %2</translation>
    </message>
    <message>
        <source>KV cache: %1 MiB of %2 MiB reserved (%3 MiB per layer, %4 layers), %5 evicted in the last step · model %6 MiB · adapters %7 MiB</source>
        <translation>KV 캐시: 예약된 %2 MiB 중 %1 MiB 사용 (레이어당 %3 MiB, 레이어 %4개), 마지막 단계에서 %5개 밀려남 · 모델 %6 MiB · 어댑터 %7 MiB</translation>
    </message>
    <message>
        <source>query %1 “%2” → key %3 “%4”: %5</source>
        <translation>쿼리 %1 “%2” → 키 %3 “%4”: %5</translation>
    </message>
    <message>
        <source>Layer %1, head %2: queries at positions %3–%4, keys %5–%6</source>
        <translation>레이어 %1, 헤드 %2: 쿼리 위치 %3–%4, 키 %5–%6</translation>
    </message>
    <message>
        <source>The server does not expose the model&apos;s attention or KV cache; the visualizer works with a model on this computer.</source>
        <translation>서버는 모델의 어텐션이나 KV 캐시를 제공하지 않습니다. 시각화 도구는 이 컴퓨터의 모델에서만 작동합니다.</translation>
    </message>
    <message>
        <source>L%1 H%2 %3</source>
        <translation>L%1 H%2 %3</translation>
    </message>
    <message>
        <source>Click a token above to see which heads attend to it most.</source>
        <translation>위의 토큰을 클릭하면 어떤 헤드가 그 토큰에 가장 많이 주의를 기울이는지 보여 줍니다.</translation>
    </message>
    <message>
        <source>“%1” (position %2) is outside the window: it was evicted, and the sliding-window mask gives it weight 0 in every head.</source>
        <translation>“%1”(위치 %2)은(는) 윈도 밖에 있습니다: 캐시에서 밀려났고, 슬라이딩 윈도 마스크가 모든 헤드에서 가중치 0을 줍니다.</translation>
    </message>
    <message>
        <source>“%1” (position %2): waiting for the model to run…</source>
        <translation>“%1”(위치 %2): 모델이 실행되기를 기다리는 중…</translation>
    </message>
    <message>
        <source>weight of the newest query, position %1</source>
        <translation>가장 최근 쿼리(위치 %1)의 가중치</translation>
    </message>
    <message>
        <source>mean over the prefill chunk&apos;s %1 queries, positions %2–%3</source>
        <translation>프리필 청크의 쿼리 %1개 평균, 위치 %2–%3</translation>
    </message>
    <message>
        <source>Heads in layer %1 that attend most to “%2” (position %3; %4):</source>
        <translation>레이어 %1에서 “%2”(위치 %3)에 가장 많이 주의를 기울이는 헤드(%4):</translation>
    </message>
    <message>
        <source>Heads that attend most to “%1” (position %2; %3):</source>
        <translation>“%1”(위치 %2)에 가장 많이 주의를 기울이는 헤드(%3):</translation>
    </message>
    <message>
        <source>Show layer %1, head %2 in the heatmap</source>
        <translation>히트맵에 레이어 %1, 헤드 %2 표시</translation>
    </message>
    <message>
        <source>position %1 (selected)</source>
        <translation>위치 %1 (선택됨)</translation>
    </message>
    <message>
        <source>position %1, left the window</source>
        <translation>위치 %1, 윈도를 벗어남</translation>
    </message>
    <message>
        <source>position %1, outside the window</source>
        <translation>위치 %1, 윈도 밖</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::LoadIndicator</name>
    <message>
        <source>Loading %1…</source>
        <translation>%1 불러오는 중…</translation>
    </message>
    <message>
        <source>Loading %1: %2</source>
        <translation>%1 불러오는 중: %2</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::MainWindow</name>
    <message>
        <source>History</source>
        <translation>기록</translation>
    </message>
    <message>
        <source>Model loaded: %1</source>
        <translation>모델 불러옴: %1</translation>
    </message>
    <message>
        <source>Loading cancelled</source>
        <translation>불러오기 취소됨</translation>
    </message>
    <message>
        <source>Could not open the model</source>
        <translation>모델을 열 수 없습니다</translation>
    </message>
    <message>
        <source>The answer failed</source>
        <translation>답변을 생성하지 못했습니다</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>모델 열기</translation>
    </message>
    <message>
        <source>The engine is busy. Stop the answer first.</source>
        <translation>엔진이 사용 중입니다. 먼저 답변을 중지하세요.</translation>
    </message>
    <message>
        <source>Open model file</source>
        <translation>모델 파일 열기</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 모델 (*.gguf);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Open model folder (config.json, *.safetensors, tokenizer.model)</source>
        <translation>모델 폴더 열기(config.json, *.safetensors, tokenizer.model)</translation>
    </message>
    <message>
        <source>No recent models</source>
        <translation>최근 모델 없음</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>목록 지우기</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>새 대화</translation>
    </message>
    <message>
        <source>Guardrail presets</source>
        <translation>가드레일 프리셋</translation>
    </message>
    <message>
        <source>No system prompt</source>
        <translation>시스템 프롬프트 없음</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>모델 없음</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>다시 생성</translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation>메시지 편집</translation>
    </message>
    <message>
        <source>The message is sent again; the old version is kept.</source>
        <translation>메시지를 다시 보냅니다. 이전 버전은 유지됩니다.</translation>
    </message>
    <message>
        <source>No translation for this language was found; English is shown.</source>
        <translation>이 언어의 번역을 찾을 수 없어 영어로 표시합니다.</translation>
    </message>
    <message>
        <source>Tramontane</source>
        <translation>Tramontane</translation>
    </message>
    <message>
        <source>Guardrail:</source>
        <translation>가드레일:</translation>
    </message>
    <message>
        <source>The system prompt put before this conversation</source>
        <translation>이 대화 앞에 넣는 시스템 프롬프트</translation>
    </message>
    <message>
        <source>Presets…</source>
        <translation>프리셋…</translation>
    </message>
    <message>
        <source>Sampling…</source>
        <translation>샘플링…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New conversation</source>
        <translation>새 대화(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open model file…</source>
        <translation>모델 파일 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open model &amp;folder…</source>
        <translation>모델 폴더 열기(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Recent models</source>
        <translation>최근 모델(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>대화(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Regenerate last answer</source>
        <translation>마지막 답변 다시 생성(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>중지(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;ampling settings…</source>
        <translation>샘플링 설정(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Guardrail presets…</source>
        <translation>가드레일 프리셋(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>설정(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>환경설정(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Export conversation…</source>
        <translation>대화 내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>Export &amp;all conversations…</source>
        <translation>모든 대화 내보내기(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Import conversations…</source>
        <translation>대화 가져오기(&amp;I)…</translation>
    </message>
    <message>
        <source>No model is loaded. Open a model first (File &gt; Open model file…).</source>
        <translation>불러온 모델이 없습니다. 먼저 모델을 여세요(파일 &gt; 모델 파일 열기…).</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>도구(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Moderation…</source>
        <translation>모더레이션(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Adapters…</source>
        <translation>어댑터(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;KV cache and attention…</source>
        <translation>KV 캐시와 어텐션(&amp;K)…</translation>
    </message>
    <message>
        <source>In-chat moderation of this conversation</source>
        <translation>이 대화의 채팅 내 모더레이션</translation>
    </message>
    <message>
        <source>The API key was not saved: %1</source>
        <translation>API 키를 저장하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Connection cancelled</source>
        <translation>연결 취소됨</translation>
    </message>
    <message>
        <source>Could not connect to the server</source>
        <translation>서버에 연결할 수 없습니다</translation>
    </message>
    <message>
        <source>Connect to a server</source>
        <translation>서버에 연결</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>연결 중</translation>
    </message>
    <message>
        <source>&amp;Connect to a server…</source>
        <translation>서버에 연결(&amp;C)…</translation>
    </message>
    <message>
        <source>Chat with a model served by llama.cpp&apos;s server, vLLM or another OpenAI-compatible server</source>
        <translation>llama.cpp 서버, vLLM 또는 다른 OpenAI 호환 서버가 제공하는 모델과 대화</translation>
    </message>
    <message>
        <source>The model is being loaded again: on the GPU if it works again, otherwise on the CPU.</source>
        <translation>모델을 다시 불러오는 중입니다. GPU가 다시 작동하면 GPU에서, 그렇지 않으면 CPU에서 실행합니다.</translation>
    </message>
    <message>
        <source>Model loaded: %1 (%2)</source>
        <translation>모델 불러옴: %1 (%2)</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::MessageBubble</name>
    <message>
        <source>You</source>
        <translation>나</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>어시스턴트</translation>
    </message>
    <message>
        <source>Assistant · %1</source>
        <translation>어시스턴트 · %1</translation>
    </message>
    <message>
        <source>writing…</source>
        <translation>작성 중…</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>token limit reached</source>
        <translation>토큰 한도 도달</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>컨텍스트 가득 참</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>중단됨</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Copy the message</source>
        <translation>메시지 복사</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>코드 복사</translation>
    </message>
    <message>
        <source>Copy the code blocks of the message</source>
        <translation>메시지의 코드 블록 복사</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>편집</translation>
    </message>
    <message>
        <source>Edit the message and send it again (the old version is kept)</source>
        <translation>메시지를 편집해 다시 보내기(이전 버전은 유지됨)</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>다시 생성</translation>
    </message>
    <message>
        <source>Write this answer again (the old answer is kept)</source>
        <translation>이 답변을 다시 생성(이전 답변은 유지됨)</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>이전 버전</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>다음 버전</translation>
    </message>
    <message>
        <source>Moderation failed</source>
        <translation>모더레이션 실패</translation>
    </message>
    <message>
        <source>Safe</source>
        <translation>안전</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>플래그됨</translation>
    </message>
    <message>
        <source>Flagged: %1</source>
        <translation>표시됨: %1</translation>
    </message>
    <message>
        <source>Moderation (%1, policy %2)</source>
        <translation>모더레이션 (%1, 정책 %2)</translation>
    </message>
    <message>
        <source>answer</source>
        <translation>답변</translation>
    </message>
    <message>
        <source>input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>P(not safe) = %1, threshold %2</source>
        <translation>P(안전하지 않음) = %1, 임계값 %2</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationController</name>
    <message>
        <source>Moderation is busy</source>
        <translation>모더레이션이 실행 중입니다</translation>
    </message>
    <message>
        <source>Open a data file first</source>
        <translation>먼저 데이터 파일을 여세요</translation>
    </message>
    <message>
        <source>Choose a policy first</source>
        <translation>먼저 정책을 고르세요</translation>
    </message>
    <message>
        <source>No model is loaded: open a model first</source>
        <translation>불러온 모델이 없습니다: 먼저 모델을 여세요</translation>
    </message>
    <message>
        <source>%1: no column &apos;%2&apos;</source>
        <translation>%1: &apos;%2&apos; 열이 없습니다</translation>
    </message>
    <message>
        <source>Every row has a result</source>
        <translation>모든 행에 결과가 있습니다</translation>
    </message>
    <message>
        <source>Runs are not stored</source>
        <translation>실행이 저장되지 않습니다</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationPanel</name>
    <message>
        <source>%1 / %2 texts · %3 texts/s · %4 left</source>
        <translation>텍스트 %1 / %2 · 초당 %3개 · 남은 시간 %4</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <source>Open a moderation policy</source>
        <translation>모더레이션 정책 열기</translation>
    </message>
    <message>
        <source>Policy files (*.json)</source>
        <translation>정책 파일 (*.json)</translation>
    </message>
    <message>
        <source>Moderation is busy</source>
        <translation>모더레이션이 실행 중입니다</translation>
    </message>
    <message>
        <source>Open texts to moderate</source>
        <translation>모더레이션할 텍스트 열기</translation>
    </message>
    <message>
        <source>Texts (*.csv *.jsonl *.ndjson)</source>
        <translation>텍스트 (*.csv *.jsonl *.ndjson)</translation>
    </message>
    <message>
        <source>Export the results</source>
        <translation>결과 내보내기</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON Lines (*.jsonl)</source>
        <translation>CSV (*.csv);;JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Moderation</source>
        <translation>모더레이션</translation>
    </message>
    <message>
        <source>&amp;Policy:</source>
        <translation>정책(&amp;P):</translation>
    </message>
    <message>
        <source>Policy file…</source>
        <translation>정책 파일…</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>불러온 모델 없음</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>모델: %1</translation>
    </message>
    <message>
        <source>Single text</source>
        <translation>단일 텍스트</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>일괄 처리</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>평가</translation>
    </message>
    <message>
        <source>Type or paste the text to check</source>
        <translation>검사할 텍스트를 입력하거나 붙여 넣으세요</translation>
    </message>
    <message>
        <source>&amp;Check</source>
        <translation>검사(&amp;C)</translation>
    </message>
    <message>
        <source>Prompt sent</source>
        <translation>보낸 프롬프트</translation>
    </message>
    <message>
        <source>&amp;Open file…</source>
        <translation>파일 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>No file (CSV or JSON Lines)</source>
        <translation>파일 없음 (CSV 또는 JSON Lines)</translation>
    </message>
    <message>
        <source>&amp;Text column:</source>
        <translation>텍스트 열(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Label column:</source>
        <translation>레이블 열(&amp;L):</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(없음)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>이어서 실행(&amp;U)</translation>
    </message>
    <message>
        <source>Search the results</source>
        <translation>결과 검색</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>모든 행</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>플래그됨</translation>
    </message>
    <message>
        <source>Not flagged</source>
        <translation>플래그 안 됨</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>오류</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>Verdict differs from label</source>
        <translation>판정이 레이블과 다름</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>내보내기(&amp;E)…</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>플래그됨</translation>
    </message>
    <message>
        <source>not flagged</source>
        <translation>플래그 안 됨</translation>
    </message>
    <message>
        <source>positive label</source>
        <translation>양성 레이블</translation>
    </message>
    <message>
        <source>negative label</source>
        <translation>음성 레이블</translation>
    </message>
    <message>
        <source>T&amp;hreshold on P(unsafe):</source>
        <translation>P(unsafe) 임계값(&amp;H):</translation>
    </message>
    <message>
        <source>&amp;Save threshold with the policy</source>
        <translation>임계값을 정책과 함께 저장(&amp;S)</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>오류: %1</translation>
    </message>
    <message>
        <source>Flagged: %1 (P(unsafe) = %2)</source>
        <translation>플래그됨: %1 (P(unsafe) = %2)</translation>
    </message>
    <message>
        <source>Safe (P(unsafe) = %1)</source>
        <translation>안전 (P(unsafe) = %1)</translation>
    </message>
    <message>
        <source>Run a batch with a label column to see precision and recall.</source>
        <translation>정밀도와 재현율을 보려면 레이블 열을 지정해 일괄 처리를 실행하세요.</translation>
    </message>
    <message>
        <source>Prompt sent (tokens: %1)</source>
        <translation>보낸 프롬프트 (토큰: %1)</translation>
    </message>
    <message>
        <source>Positive class: flagged. Precision %1 · Recall %2 · F1 %3 · Accuracy %4 · Average precision %5 · Labelled rows: %6</source>
        <translation>양성 클래스: 플래그됨. 정밀도 %1 · 재현율 %2 · F1 %3 · 정확도 %4 · 평균 정밀도 %5 · 레이블이 있는 행: %6</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 읽는 중…</translation>
    </message>
    <message>
        <source>Delete the policy</source>
        <translation>정책 삭제</translation>
    </message>
    <message>
        <source>Delete the policy &apos;%1&apos;? Its file is removed; stored runs keep their results.</source>
        <translation>정책 &apos;%1&apos;을(를) 삭제할까요? 파일이 제거되며, 저장된 실행은 결과를 유지합니다.</translation>
    </message>
    <message>
        <source>Delete the run</source>
        <translation>실행 삭제</translation>
    </message>
    <message>
        <source>Delete the stored run %1 and its results?</source>
        <translation>저장된 실행 %1과(와) 그 결과를 삭제할까요?</translation>
    </message>
    <message>
        <source>&amp;New policy…</source>
        <translation>새 정책(&amp;N)…</translation>
    </message>
    <message>
        <source>E&amp;dit policy…</source>
        <translation>정책 편집(&amp;D)…</translation>
    </message>
    <message>
        <source>Delete policy</source>
        <translation>정책 삭제</translation>
    </message>
    <message>
        <source>Stored runs</source>
        <translation>저장된 실행</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>정책</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>임계값</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>행</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>새로 고침(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open run</source>
        <translation>실행 열기(&amp;O)</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>실행 삭제</translation>
    </message>
    <message>
        <source>%1 (yours)</source>
        <translation>%1 (사용자)</translation>
    </message>
    <message>
        <source>Runs are stored with the chat history.</source>
        <translation>실행은 채팅 기록과 함께 저장됩니다.</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>No stored runs yet.</source>
        <translation>저장된 실행이 아직 없습니다.</translation>
    </message>
    <message>
        <source>Stored run %1: %2</source>
        <translation>저장된 실행 %1: %2</translation>
    </message>
    <message>
        <source>%1 / %2 texts (stored)</source>
        <translation>%1 / %2개 텍스트 (저장됨)</translation>
    </message>
    <message>
        <source>Showing run %1 (%2, %3)</source>
        <translation>실행 %1 표시 중 (%2, %3)</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationResultsModel</name>
    <message>
        <source>%1: cannot write the results: %2</source>
        <translation>%1: 결과를 쓸 수 없습니다: %2</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>error</source>
        <translation>오류</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>플래그됨</translation>
    </message>
    <message>
        <source>safe</source>
        <translation>안전</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>행</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>텍스트</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>판정</translation>
    </message>
    <message>
        <source>Top category</source>
        <translation>최상위 범주</translation>
    </message>
    <message>
        <source>P(unsafe)</source>
        <translation>P(unsafe)</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>레이블</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>오류</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationWorker</name>
    <message>
        <source>No model is loaded: open a model first</source>
        <translation>불러온 모델이 없습니다: 먼저 모델을 여세요</translation>
    </message>
    <message>
        <source>The moderation model is not ready</source>
        <translation>모더레이션 모델이 준비되지 않았습니다</translation>
    </message>
    <message>
        <source>%1: not a .csv or .jsonl file</source>
        <translation>%1: .csv 또는 .jsonl 파일이 아닙니다</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::PolicyEditorDialog</name>
    <message>
        <source>New moderation policy</source>
        <translation>새 검토 정책</translation>
    </message>
    <message>
        <source>Edit moderation policy</source>
        <translation>검토 정책 편집</translation>
    </message>
    <message>
        <source>&amp;Start from a copy of:</source>
        <translation>다음의 사본에서 시작(&amp;S):</translation>
    </message>
    <message>
        <source>letters, digits, &apos;-&apos;, &apos;_&apos;</source>
        <translation>문자, 숫자, &apos;-&apos;, &apos;_&apos;</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>제목(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Prompt template (the text to check goes where {text} is):</source>
        <translation>프롬프트 템플릿(&amp;P) (검사할 텍스트가 {text} 자리에 들어갑니다):</translation>
    </message>
    <message>
        <source>&amp;Labels (each answer exactly as the model would write it):</source>
        <translation>레이블(&amp;L) (모델이 쓸 답을 정확히 그대로):</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>레이블</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>추가(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>제거(&amp;R)</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>위로(&amp;U)</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>아래로(&amp;D)</translation>
    </message>
    <message>
        <source>Sa&amp;fe label:</source>
        <translation>안전 레이블(&amp;F):</translation>
    </message>
    <message>
        <source>T&amp;hreshold on P(unsafe):</source>
        <translation>P(unsafe) 임계값(&amp;H):</translation>
    </message>
    <message>
        <source>The template has no {text}: the text to check would not be in the prompt.</source>
        <translation>템플릿에 {text}가 없습니다: 검사할 텍스트가 프롬프트에 들어가지 않습니다.</translation>
    </message>
    <message>
        <source>The template has {text} more than once; it must appear exactly once.</source>
        <translation>템플릿에 {text}가 두 번 이상 있습니다. 정확히 한 번만 나와야 합니다.</translation>
    </message>
    <message>
        <source>The template has {text} once.</source>
        <translation>템플릿에 {text}가 한 번 있습니다.</translation>
    </message>
    <message>
        <source>A policy needs at least two labels: a safe one and another.</source>
        <translation>정책에는 레이블이 두 개 이상 필요합니다: 안전 레이블과 다른 하나.</translation>
    </message>
    <message>
        <source>Label %1 has no name.</source>
        <translation>레이블 %1에 이름이 없습니다.</translation>
    </message>
    <message>
        <source>Label &apos;%1&apos; begins or ends with a space.</source>
        <translation>레이블 &apos;%1&apos;이(가) 공백으로 시작하거나 끝납니다.</translation>
    </message>
    <message>
        <source>The label &apos;%1&apos; appears twice: label names must differ.</source>
        <translation>레이블 &apos;%1&apos;이(가) 두 번 나옵니다: 레이블 이름은 서로 달라야 합니다.</translation>
    </message>
    <message>
        <source>Choose the safe label.</source>
        <translation>안전 레이블을 고르세요.</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::PrCurveWidget</name>
    <message>
        <source>Recall</source>
        <translation>재현율</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>정밀도</translation>
    </message>
    <message>
        <source>No labelled results</source>
        <translation>레이블이 있는 결과가 없습니다</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::PresetEditorDialog</name>
    <message>
        <source>Guardrail presets</source>
        <translation>가드레일 프리셋</translation>
    </message>
    <message>
        <source>The system prompt given to the model (empty: none)</source>
        <translation>모델에 주는 시스템 프롬프트(비워 두면 없음)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>New</source>
        <translation>새로 만들기</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>복제</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>가져오기…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>시스템 프롬프트</translation>
    </message>
    <message>
        <source>%1 (built-in)</source>
        <translation>%1 (기본 제공)</translation>
    </message>
    <message>
        <source>New preset</source>
        <translation>새 프리셋</translation>
    </message>
    <message>
        <source>New preset %1</source>
        <translation>새 프리셋 %1</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>프리셋 삭제</translation>
    </message>
    <message>
        <source>Delete the preset “%1”?</source>
        <translation>프리셋 “%1”을(를) 삭제할까요?</translation>
    </message>
    <message>
        <source>Import presets</source>
        <translation>프리셋 가져오기</translation>
    </message>
    <message>
        <source>Preset files (*.json);;All files (*)</source>
        <translation>프리셋 파일 (*.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Export preset</source>
        <translation>프리셋 내보내기</translation>
    </message>
    <message>
        <source>Preset files (*.json)</source>
        <translation>프리셋 파일 (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1에 쓸 수 없습니다: %2</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::RemoteDialog</name>
    <message>
        <source>Fetching…</source>
        <translation>조회 중…</translation>
    </message>
    <message>
        <source>Fetch models</source>
        <translation>모델 조회</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>%1에 모델 목록을 요청하는 중…</translation>
    </message>
    <message>
        <source>%1 is not a server address: give http://host:port or https://host/…</source>
        <translation>%1은(는) 서버 주소가 아닙니다. 다음 형식으로 입력하세요: http://host:port 또는 https://host/…</translation>
    </message>
    <message>
        <source>The server lists no base model.</source>
        <translation>서버 목록에 베이스 모델이 없습니다.</translation>
    </message>
    <message>
        <source>Give the server&apos;s address, for example http://127.0.0.1:8080.</source>
        <translation>서버 주소를 입력하세요(예: http://127.0.0.1:8080).</translation>
    </message>
    <message>
        <source>Connect to a server</source>
        <translation>서버에 연결</translation>
    </message>
    <message>
        <source>Chat with a model served by an OpenAI-compatible server (llama.cpp&apos;s server, vLLM, …). The conversation history stays on this computer; the prompts and answers go to that server.</source>
        <translation>OpenAI 호환 서버(llama.cpp 서버, vLLM 등)가 제공하는 모델과 대화합니다. 대화 기록은 이 컴퓨터에 남고, 프롬프트와 답변은 그 서버를 거칩니다.</translation>
    </message>
    <message>
        <source>Server URL:</source>
        <translation>서버 URL:</translation>
    </message>
    <message>
        <source>The server&apos;s address, with or without /v1</source>
        <translation>서버 주소(/v1은 있어도 되고 없어도 됨)</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API 키:</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>선택 사항</translation>
    </message>
    <message>
        <source>Sent to the server as &quot;Authorization: Bearer&quot;; never stored in the history</source>
        <translation>서버에 &quot;Authorization: Bearer&quot;로 전송되며 기록에는 저장되지 않습니다</translation>
    </message>
    <message>
        <source>Remember the key in the system keychain</source>
        <translation>시스템 키체인에 키 저장</translation>
    </message>
    <message>
        <source>Keep the key in the system keychain (never in Tramontane&apos;s files)</source>
        <translation>키를 시스템 키체인에 보관합니다(Tramontane 파일에는 저장하지 않음)</translation>
    </message>
    <message>
        <source>The system keychain is not available, so the key is kept for this session only and never written to disk.%1</source>
        <translation>시스템 키체인을 사용할 수 없으므로 키는 이번 세션에만 보관되며 디스크에 기록되지 않습니다.%1</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>모델:</translation>
    </message>
    <message>
        <source>The server&apos;s first model</source>
        <translation>서버의 첫 번째 모델</translation>
    </message>
    <message>
        <source>Ask the server which models it serves</source>
        <translation>서버가 제공하는 모델 목록을 요청합니다</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>고급</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>시간 제한:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 초</translation>
    </message>
    <message>
        <source>The longest wait for the next part of an answer</source>
        <translation>답변의 다음 부분을 기다리는 최대 시간</translation>
    </message>
    <message>
        <source>Moderation requests in flight:</source>
        <translation>동시 모더레이션 요청 수:</translation>
    </message>
    <message>
        <source>How many moderation requests are sent to the server at once</source>
        <translation>서버에 한 번에 보내는 모더레이션 요청 수</translation>
    </message>
    <message>
        <source>Retries:</source>
        <translation>재시도 횟수:</translation>
    </message>
    <message>
        <source>Retries of a moderation request after a busy server, a server error or a network error</source>
        <translation>서버 사용 중, 서버 오류, 네트워크 오류가 발생했을 때 모더레이션 요청을 다시 시도하는 횟수</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>Models on the server: %1</source>
        <translation>서버의 모델: %1</translation>
    </message>
    <message>
        <source>Prompt format:</source>
        <translation>프롬프트 형식:</translation>
    </message>
    <message>
        <source>Server&apos;s chat template (/v1/chat/completions)</source>
        <translation>서버의 채팅 템플릿 (/v1/chat/completions)</translation>
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
        <translation>대화를 모델의 프롬프트로 바꾸는 주체: 모델 자체의 채팅 템플릿을 쓰는 서버, 또는 자체 채팅 형식 중 하나를 일반 텍스트로 /v1/completions에 보내는 Tramontane(채팅 템플릿 없이 제공되는 모델용, 또는 로컬 엔진과 같은 프롬프트). 이때 서버는 메시지 안의 &quot;[INST]&quot;나 &quot;&lt;|im_start|&gt;&quot;를 제어 토큰으로 읽습니다.</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::SamplingDialog</name>
    <message>
        <source>Sampling settings</source>
        <translation>샘플링 설정</translation>
    </message>
    <message>
        <source>0 always picks the most likely token</source>
        <translation>0이면 항상 가장 가능성이 높은 토큰을 고릅니다</translation>
    </message>
    <message>
        <source>1 turns top-p off</source>
        <translation>1이면 Top-p를 끕니다</translation>
    </message>
    <message>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <source>random</source>
        <translation>무작위</translation>
    </message>
    <message>
        <source>Stop at the context limit</source>
        <translation>컨텍스트 한도에서 중지</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>온도</translation>
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
        <translation>최대 토큰 수</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Stops at the context limit</source>
        <translation>컨텍스트 한도에서 중지합니다</translation>
    </message>
    <message>
        <source>Sliding window: older tokens leave the window</source>
        <translation>슬라이딩 윈도우: 오래된 토큰은 윈도우에서 빠집니다</translation>
    </message>
    <message>
        <source>The model sees only the last %1 tokens; the conversation can go on past the context limit.</source>
        <translation>모델은 마지막 %1개 토큰만 봅니다. 대화는 컨텍스트 한도를 넘어 계속할 수 있습니다.</translation>
    </message>
    <message>
        <source>Drops tokens less likely than this fraction of the most likely one; 0 turns it off</source>
        <translation>가장 가능성 높은 토큰의 이 비율보다 가능성이 낮은 토큰을 버립니다. 0이면 꺼집니다</translation>
    </message>
    <message>
        <source>Above 1, tokens already in the conversation become less likely (fewer loops in small models); 1 turns it off</source>
        <translation>1보다 크면 대화에 이미 나온 토큰의 가능성이 낮아집니다(작은 모델의 반복이 줄어듭니다). 1이면 꺼집니다</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>반복 페널티</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>시스템 언어(%1)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::StatusPanel</name>
    <message>
        <source>No model loaded</source>
        <translation>불러온 모델 없음</translation>
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
        <translation>%1 토큰/초</translation>
    </message>
    <message>
        <source>Context: %1 used, window %2, limit %3</source>
        <translation>컨텍스트: %1 사용, 윈도우 %2, 한도 %3</translation>
    </message>
    <message>
        <source>Context: %1 of %2</source>
        <translation>컨텍스트: %1 / %2</translation>
    </message>
    <message>
        <source>This model attends to the last %1 tokens (sliding window).</source>
        <translation>이 모델은 마지막 %1개 토큰만 참조합니다(슬라이딩 윈도우).</translation>
    </message>
    <message>
        <source>%1 ×%2</source>
        <translation>%1 ×%2</translation>
    </message>
    <message>
        <source>No adapters</source>
        <translation>어댑터 없음</translation>
    </message>
    <message>
        <source>Adapters: %1</source>
        <translation>어댑터: %1</translation>
    </message>
    <message>
        <source>Remote server</source>
        <translation>원격 서버</translation>
    </message>
    <message>
        <source>Remote: %1</source>
        <translation>원격: %1</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::WelcomePanel</name>
    <message>
        <source>Hugging Face cache</source>
        <translation>Hugging Face 캐시</translation>
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
        <translation>%1 (CUDA, %3GiB 중 %2GiB 사용 가능)</translation>
    </message>
    <message>
        <source>no SIMD</source>
        <translation>SIMD 없음</translation>
    </message>
    <message>
        <source>CPU (%1 threads, %2)</source>
        <translation>CPU (스레드 %1개, %2)</translation>
    </message>
    <message>
        <source>Open model file</source>
        <translation>모델 파일 열기</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 모델 (*.gguf);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Open model folder (config.json, *.safetensors, tokenizer.model)</source>
        <translation>모델 폴더 열기(config.json, *.safetensors, tokenizer.model)</translation>
    </message>
    <message>
        <source>Welcome to Tramontane</source>
        <translation>Tramontane에 오신 것을 환영합니다</translation>
    </message>
    <message>
        <source>Tramontane chats with Mistral-family language models on this computer: nothing you type leaves it. Open a model to start: a .gguf file, or a folder with config.json, *.safetensors and the tokenizer (for example Mistral-7B-Instruct).</source>
        <translation>Tramontane은 이 컴퓨터에서 Mistral 계열 언어 모델과 대화합니다. 입력한 내용은 컴퓨터 밖으로 나가지 않습니다. 시작하려면 모델을 여세요: .gguf 파일, 또는 config.json, *.safetensors와 토크나이저가 있는 폴더(예: Mistral-7B-Instruct).</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 불러오는 중…</translation>
    </message>
    <message>
        <source>Model: %1 (%2)</source>
        <translation>모델: %1 (%2)</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>불러온 모델이 없습니다.</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>백엔드: %1</translation>
    </message>
    <message>
        <source>Open a model file…</source>
        <translation>모델 파일 열기…</translation>
    </message>
    <message>
        <source>Open a model folder…</source>
        <translation>모델 폴더 열기…</translation>
    </message>
    <message>
        <source>Open %1 again</source>
        <translation>%1 다시 열기</translation>
    </message>
    <message>
        <source>No models were found in the usual folders.</source>
        <translation>일반적인 폴더에서 모델을 찾지 못했습니다.</translation>
    </message>
    <message>
        <source>Models found on this computer (click one to open it):</source>
        <translation>이 컴퓨터에서 찾은 모델(클릭하면 엽니다):</translation>
    </message>
    <message>
        <source>Where models usually are: the Hugging Face cache (~/.cache/huggingface/hub/models--mistralai--*), Ollama (~/.ollama/models), LM Studio (~/.cache/lm-studio/models, ~/.lmstudio/models) and GPT4All (~/.local/share/nomic.ai/GPT4All).</source>
        <translation>모델이 보통 있는 위치: Hugging Face 캐시(~/.cache/huggingface/hub/models--mistralai--*), Ollama(~/.ollama/models), LM Studio(~/.cache/lm-studio/models, ~/.lmstudio/models), GPT4All(~/.local/share/nomic.ai/GPT4All).</translation>
    </message>
</context>
</TS>
