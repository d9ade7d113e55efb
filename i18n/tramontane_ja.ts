<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>ChatJson</name>
    <message>
        <source>must be a string</source>
        <translation>文字列である必要があります</translation>
    </message>
    <message>
        <source>is longer than %1 characters</source>
        <translation>%1 文字を超えています</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>true または false である必要があります</translation>
    </message>
    <message>
        <source>must be a whole number from 0 to 2^53</source>
        <translation>0 から 2^53 までの整数である必要があります</translation>
    </message>
    <message>
        <source>must be a time like 2024-05-01T12:00:00.000Z</source>
        <translation>2024-05-01T12:00:00.000Z の形式の日時である必要があります</translation>
    </message>
    <message>
        <source>must be an object</source>
        <translation>オブジェクトである必要があります</translation>
    </message>
    <message>
        <source>must be an array</source>
        <translation>配列である必要があります</translation>
    </message>
    <message>
        <source>is too large</source>
        <translation>大きすぎます</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; %3</source>
        <translation>%1: &apos;%2&apos; は%3</translation>
    </message>
    <message>
        <source>%1: must be an object</source>
        <translation>%1: オブジェクトである必要があります</translation>
    </message>
    <message>
        <source>repeats an earlier message id</source>
        <translation>前のメッセージ ID と重複しています</translation>
    </message>
    <message>
        <source>refers to message %1, which does not come earlier</source>
        <translation>前にないメッセージ %1 を参照しています</translation>
    </message>
    <message>
        <source>must be &quot;system&quot;, &quot;user&quot; or &quot;assistant&quot;</source>
        <translation>&quot;system&quot;、&quot;user&quot;、&quot;assistant&quot; のいずれかである必要があります</translation>
    </message>
    <message>
        <source>is not a known stop reason</source>
        <translation>不明な停止理由です</translation>
    </message>
    <message>
        <source>%1: &apos;messages&apos; must be an array</source>
        <translation>%1: &apos;messages&apos; は配列である必要があります</translation>
    </message>
    <message>
        <source>%1: more than %2 messages</source>
        <translation>%1: メッセージが %2 件を超えています</translation>
    </message>
    <message>
        <source>%1: more than %2 messages in the file</source>
        <translation>%1: ファイル内のメッセージが %2 件を超えています</translation>
    </message>
    <message>
        <source>%1, message %2</source>
        <translation>%1、メッセージ %2</translation>
    </message>
    <message>
        <source>refers to message %1, which is not in this conversation</source>
        <translation>この会話にないメッセージ %1 を参照しています</translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 MiB</source>
        <translation>%1: ファイルが %2 MiB を超えています</translation>
    </message>
    <message>
        <source>%1: not valid JSON at byte %2: %3</source>
        <translation>%1: バイト %2 の位置で JSON が正しくありません: %3</translation>
    </message>
    <message>
        <source>%1: the top level must be a JSON object</source>
        <translation>%1: 最上位は JSON オブジェクトである必要があります</translation>
    </message>
    <message>
        <source>%1: not a Tramontane chat export (&apos;format&apos; is not &quot;%2&quot;)</source>
        <translation>%1: Tramontane の会話エクスポートではありません (&apos;format&apos; が &quot;%2&quot; ではありません)</translation>
    </message>
    <message>
        <source>%1: made by a newer Tramontane (format version %2; this one reads %3)</source>
        <translation>%1: 新しい Tramontane で作成されています (形式バージョン %2、このバージョンで読めるのは %3)</translation>
    </message>
    <message>
        <source>%1: unsupported format version</source>
        <translation>%1: サポートされていない形式バージョンです</translation>
    </message>
    <message>
        <source>%1: &apos;conversations&apos; must be an array</source>
        <translation>%1: &apos;conversations&apos; は配列である必要があります</translation>
    </message>
    <message>
        <source>%1: more than %2 conversations</source>
        <translation>%1: 会話が %2 件を超えています</translation>
    </message>
    <message>
        <source>%1: conversation %2</source>
        <translation>%1: 会話 %2</translation>
    </message>
    <message>
        <source>is not valid Unicode (an unpaired surrogate)</source>
        <translation>は正しい Unicode ではありません（対になっていないサロゲート）</translation>
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
        <translation>履歴データベースが開かれていません</translation>
    </message>
    <message>
        <source>%1: the history database was used from a thread that did not open it</source>
        <translation>%1: 履歴データベースを開いたスレッドとは別のスレッドから使用されました</translation>
    </message>
    <message>
        <source>%1: cannot create the folder %2</source>
        <translation>%1: フォルダー %2 を作成できません</translation>
    </message>
    <message>
        <source>%1 gave &apos;%2&apos; (expected &apos;%3&apos;)</source>
        <translation>%1 の結果が &apos;%2&apos; でした (&apos;%3&apos; を想定)</translation>
    </message>
    <message>
        <source>%1: cannot open the history database: %2</source>
        <translation>%1: 履歴データベースを開けません: %2</translation>
    </message>
    <message>
        <source>%1: cannot read the history database: %2</source>
        <translation>%1: 履歴データベースを読み取れません: %2</translation>
    </message>
    <message>
        <source>%1: cannot switch to WAL journaling: %2</source>
        <translation>%1: WAL ジャーナリングに切り替えられません: %2</translation>
    </message>
    <message>
        <source>%1: cannot set synchronous=FULL: %2</source>
        <translation>%1: synchronous=FULL を設定できません: %2</translation>
    </message>
    <message>
        <source>%1: cannot enable foreign keys: %2</source>
        <translation>%1: 外部キーを有効にできません: %2</translation>
    </message>
    <message>
        <source>%1: foreign keys are not available: %2</source>
        <translation>%1: 外部キーを使用できません: %2</translation>
    </message>
    <message>
        <source>cannot create the conversation</source>
        <translation>会話を作成できません</translation>
    </message>
    <message>
        <source>the title is too long</source>
        <translation>タイトルが長すぎます</translation>
    </message>
    <message>
        <source>cannot read the conversation</source>
        <translation>会話を読み取れません</translation>
    </message>
    <message>
        <source>there is no conversation %1</source>
        <translation>会話 %1 は存在しません</translation>
    </message>
    <message>
        <source>cannot list the conversations</source>
        <translation>会話の一覧を取得できません</translation>
    </message>
    <message>
        <source>cannot rename the conversation</source>
        <translation>会話の名前を変更できません</translation>
    </message>
    <message>
        <source>cannot pin the conversation</source>
        <translation>会話を固定できません</translation>
    </message>
    <message>
        <source>cannot set the conversation&apos;s preset</source>
        <translation>会話のプリセットを設定できません</translation>
    </message>
    <message>
        <source>cannot set the conversation&apos;s model</source>
        <translation>会話のモデルを設定できません</translation>
    </message>
    <message>
        <source>cannot delete the conversation</source>
        <translation>会話を削除できません</translation>
    </message>
    <message>
        <source>cannot restore the conversation</source>
        <translation>会話を復元できません</translation>
    </message>
    <message>
        <source>cannot purge deleted conversations</source>
        <translation>削除済みの会話を完全に削除できません</translation>
    </message>
    <message>
        <source>there is no message %1</source>
        <translation>メッセージ %1 は存在しません</translation>
    </message>
    <message>
        <source>cannot save the message</source>
        <translation>メッセージを保存できません</translation>
    </message>
    <message>
        <source>the message is too long</source>
        <translation>メッセージが長すぎます</translation>
    </message>
    <message>
        <source>conversation %1 is deleted</source>
        <translation>会話 %1 は削除されています</translation>
    </message>
    <message>
        <source>cannot save the edited message</source>
        <translation>編集したメッセージを保存できません</translation>
    </message>
    <message>
        <source>message %1 is not a user message</source>
        <translation>メッセージ %1 はユーザーのメッセージではありません</translation>
    </message>
    <message>
        <source>cannot read the message</source>
        <translation>メッセージを読み取れません</translation>
    </message>
    <message>
        <source>cannot read the messages</source>
        <translation>メッセージ一覧を読み取れません</translation>
    </message>
    <message>
        <source>cannot show the branch</source>
        <translation>ブランチを表示できません</translation>
    </message>
    <message>
        <source>cannot save the moderation verdict</source>
        <translation>モデレーションの判定を保存できません</translation>
    </message>
    <message>
        <source>cannot start the answer</source>
        <translation>回答を開始できません</translation>
    </message>
    <message>
        <source>cannot save the answer</source>
        <translation>回答を保存できません</translation>
    </message>
    <message>
        <source>message %1 is not streaming</source>
        <translation>メッセージ %1 は生成中ではありません</translation>
    </message>
    <message>
        <source>the answer is too long</source>
        <translation>回答が長すぎます</translation>
    </message>
    <message>
        <source>a finished answer needs a stop reason</source>
        <translation>完了した回答には停止理由が必要です</translation>
    </message>
    <message>
        <source>cannot recover interrupted answers</source>
        <translation>中断された回答を復旧できません</translation>
    </message>
    <message>
        <source>cannot search</source>
        <translation>検索できません</translation>
    </message>
    <message>
        <source>System</source>
        <translation>システム</translation>
    </message>
    <message>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <source>still being written</source>
        <translation>生成中</translation>
    </message>
    <message>
        <source>cut at the token limit</source>
        <translation>トークン上限で打ち切り</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>コンテキストが満杯</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止済み</translation>
    </message>
    <message>
        <source>ended by an error</source>
        <translation>エラーで終了</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>*Created %1; last changed %2.*</source>
        <translation>*作成: %1、最終更新: %2*</translation>
    </message>
    <message>
        <source>preset: %1</source>
        <translation>プリセット: %1</translation>
    </message>
    <message>
        <source>cannot import the conversations</source>
        <translation>会話をインポートできません</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: 読み取れません: %2</translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 MiB</source>
        <translation>%1: ファイルが %2 MiB を超えています</translation>
    </message>
    <message>
        <source>negative token count or seed</source>
        <translation>トークン数またはシードが負の値です</translation>
    </message>
    <message>
        <source>message %1 is not an answer</source>
        <translation>メッセージ %1 は回答ではありません</translation>
    </message>
</context>
<context>
    <name>DamagedHistoryDialog</name>
    <message>
        <source>Damaged chat history</source>
        <translation>破損したチャット履歴</translation>
    </message>
    <message>
        <source>The chat history file is damaged and cannot be opened:
%1</source>
        <translation>チャット履歴のファイルが破損していて開けません:
%1</translation>
    </message>
    <message>
        <source>Tramontane can keep the damaged file under a new name beside it (nothing is deleted) and start with an empty history; backups are in the backups folder next to it. Or quit and leave the file as it is.</source>
        <translation>Tramontane は破損したファイルを同じフォルダーに別名で残し(何も削除しません)、空の履歴で開始できます。バックアップは隣の backups フォルダーにあります。または終了してファイルをそのままにできます。</translation>
    </message>
    <message>
        <source>Keep a copy and start fresh</source>
        <translation>コピーを残して新しく始める</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
</context>
<context>
    <name>HistorySafety</name>
    <message>
        <source>%1: cannot rename the damaged history to %2</source>
        <translation>%1: 破損した履歴の名前を %2 に変更できません</translation>
    </message>
    <message>
        <source>%1: cannot move %2 aside</source>
        <translation>%1: %2 を退避できません</translation>
    </message>
    <message>
        <source>%1: cannot create the backup folder</source>
        <translation>%1: バックアップフォルダーを作成できません</translation>
    </message>
    <message>
        <source>%1: cannot write the backup %2: %3</source>
        <translation>%1: バックアップ %2 を書き込めません: %3</translation>
    </message>
    <message>
        <source>%1: cannot replace the backup</source>
        <translation>%1: バックアップを置き換えられません</translation>
    </message>
    <message>
        <source>%1: cannot write the backup</source>
        <translation>%1: バックアップを書き込めません</translation>
    </message>
    <message>
        <source>%1: cannot remove an old backup</source>
        <translation>%1: 古いバックアップを削除できません</translation>
    </message>
</context>
<context>
    <name>ModerationStore</name>
    <message>
        <source>%1: cannot save the moderation run: %2</source>
        <translation>%1: モデレーション実行を保存できません: %2</translation>
    </message>
    <message>
        <source>%1: cannot save the moderation results: %2</source>
        <translation>%1: モデレーション結果を保存できません: %2</translation>
    </message>
    <message>
        <source>%1: cannot read the moderation runs: %2</source>
        <translation>%1: モデレーション実行を読み込めません: %2</translation>
    </message>
    <message>
        <source>there is no moderation run %1</source>
        <translation>モデレーション実行 %1 はありません</translation>
    </message>
    <message>
        <source>%1: cannot read the moderation results: %2</source>
        <translation>%1: モデレーション結果を読めません: %2</translation>
    </message>
    <message>
        <source>%1: cannot delete the moderation run: %2</source>
        <translation>%1: モデレーションの実行を削除できません: %2</translation>
    </message>
</context>
<context>
    <name>PresetStore</name>
    <message>
        <source>None</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Mistral guardrail</source>
        <translation>Mistral ガードレール</translation>
    </message>
    <message>
        <source>Llama 2 safety prompt</source>
        <translation>Llama 2 安全プロンプト</translation>
    </message>
    <message>
        <source>%1: cannot read the preset</source>
        <translation>%1: プリセットを読み取れません</translation>
    </message>
    <message>
        <source>%1: not a valid preset file</source>
        <translation>%1: 有効なプリセットファイルではありません</translation>
    </message>
    <message>
        <source>the built-in presets are missing from this build</source>
        <translation>このビルドには組み込みプリセットが含まれていません</translation>
    </message>
    <message>
        <source>%1: cannot read the presets: %2</source>
        <translation>%1: プリセットを読み取れません: %2</translation>
    </message>
    <message>
        <source>there is no preset &apos;%1&apos;</source>
        <translation>プリセット &apos;%1&apos; は存在しません</translation>
    </message>
    <message>
        <source>a preset needs a name</source>
        <translation>プリセットには名前が必要です</translation>
    </message>
    <message>
        <source>the preset name is longer than %1 characters</source>
        <translation>プリセット名が %1 文字を超えています</translation>
    </message>
    <message>
        <source>the preset text is longer than %1 characters</source>
        <translation>プリセットのテキストが %1 文字を超えています</translation>
    </message>
    <message>
        <source>a preset named &apos;%1&apos; already exists</source>
        <translation>&apos;%1&apos; という名前のプリセットは既に存在します</translation>
    </message>
    <message>
        <source>no free name for the preset &apos;%1&apos;</source>
        <translation>プリセット &apos;%1&apos; に使える名前がありません</translation>
    </message>
    <message>
        <source>%1: cannot save the preset: %2</source>
        <translation>%1: プリセットを保存できません: %2</translation>
    </message>
    <message>
        <source>the built-in preset &apos;%1&apos; cannot be changed; duplicate it</source>
        <translation>組み込みプリセット &apos;%1&apos; は変更できません。複製して使用してください</translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation>%1 (コピー)</translation>
    </message>
    <message>
        <source>the built-in preset &apos;%1&apos; cannot be deleted</source>
        <translation>組み込みプリセット &apos;%1&apos; は削除できません</translation>
    </message>
    <message>
        <source>%1: cannot delete the preset: %2</source>
        <translation>%1: プリセットを削除できません: %2</translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 MiB</source>
        <translation>%1: ファイルが %2 MiB を超えています</translation>
    </message>
    <message>
        <source>%1: not valid JSON at byte %2: %3</source>
        <translation>%1: バイト %2 の位置で JSON が正しくありません: %3</translation>
    </message>
    <message>
        <source>%1: not a Tramontane preset file</source>
        <translation>%1: Tramontane のプリセットファイルではありません</translation>
    </message>
    <message>
        <source>%1: unsupported preset file version</source>
        <translation>%1: サポートされていないプリセットファイルのバージョンです</translation>
    </message>
    <message>
        <source>%1: &apos;presets&apos; must be an array</source>
        <translation>%1: &apos;presets&apos; は配列である必要があります</translation>
    </message>
    <message>
        <source>%1: more than %2 presets</source>
        <translation>%1: プリセットが %2 件を超えています</translation>
    </message>
    <message>
        <source>%1: preset %2</source>
        <translation>%1: プリセット %2</translation>
    </message>
    <message>
        <source>%1: needs string fields &apos;name&apos; and &apos;text&apos;</source>
        <translation>%1: 文字列フィールド &apos;name&apos; と &apos;text&apos; が必要です</translation>
    </message>
    <message>
        <source>%1: the name must have 1 to %2 characters</source>
        <translation>%1: 名前は 1～%2 文字である必要があります</translation>
    </message>
    <message>
        <source>%1: the text is longer than %2 characters</source>
        <translation>%1: テキストが %2 文字を超えています</translation>
    </message>
    <message>
        <source>%1: cannot import presets: %2</source>
        <translation>%1: プリセットをインポートできません: %2</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: 読み取れません: %2</translation>
    </message>
    <message>
        <source>%1: the name or text is not valid Unicode (an unpaired surrogate)</source>
        <translation>%1: 名前またはテキストが正しい Unicode ではありません（対になっていないサロゲート）</translation>
    </message>
</context>
<context>
    <name>RemoteApi</name>
    <message>
        <source>the server&apos;s answer is not JSON (%1 at byte %2)</source>
        <translation>サーバーの応答が JSON ではありません (%2 バイト目で %1)</translation>
    </message>
    <message>
        <source>the server&apos;s answer is not a JSON object</source>
        <translation>サーバーの応答が JSON オブジェクトではありません</translation>
    </message>
    <message>
        <source>the model list has no &quot;data&quot; array</source>
        <translation>モデル一覧に &quot;data&quot; 配列がありません</translation>
    </message>
    <message>
        <source>the server lists no models</source>
        <translation>サーバーのモデル一覧が空です</translation>
    </message>
    <message>
        <source>the adapter list is not a JSON array</source>
        <translation>アダプター一覧が JSON 配列ではありません</translation>
    </message>
    <message>
        <source>%1 is not an adapter of this server</source>
        <translation>%1 はこのサーバーのアダプターではありません</translation>
    </message>
    <message>
        <source>vLLM serves one adapter per request: enable only one</source>
        <translation>vLLM はリクエストごとにアダプターを 1 つしか使えません: 1 つだけ有効にしてください</translation>
    </message>
    <message>
        <source>vLLM applies adapters at scale 1 only: set %1 to 1</source>
        <translation>vLLM はアダプターをスケール 1 でしか適用できません: %1 のスケールを 1 にしてください</translation>
    </message>
    <message>
        <source>this server does not say how to choose LoRA adapters (llama.cpp&apos;s server and vLLM do)</source>
        <translation>このサーバーは LoRA アダプターの選び方を示していません (llama.cpp のサーバーと vLLM は示します)</translation>
    </message>
    <message>
        <source>the server reported an error</source>
        <translation>サーバーがエラーを返しました</translation>
    </message>
    <message>
        <source>a streamed chunk has no &quot;choices&quot; array</source>
        <translation>ストリームのチャンクに &quot;choices&quot; 配列がありません</translation>
    </message>
    <message>
        <source>the completion has no choices</source>
        <translation>補完の応答に choices がありません</translation>
    </message>
    <message>
        <source>the server answered HTTP %1</source>
        <translation>サーバーの応答: HTTP %1</translation>
    </message>
    <message>
        <source>the server answered HTTP %1: %2</source>
        <translation>サーバーの応答: HTTP %1: %2</translation>
    </message>
    <message>
        <source>the answer has no top logprobs (does the server support &quot;logprobs&quot;?)</source>
        <translation>応答に上位の logprobs がありません (サーバーは &quot;logprobs&quot; に対応していますか?)</translation>
    </message>
</context>
<context>
    <name>RemoteBackend</name>
    <message>
        <source>%1: nothing answers there (is the server running, and on this port?)</source>
        <translation>%1: 応答がありません (サーバーは起動していて、このポートで待ち受けていますか?)</translation>
    </message>
    <message>
        <source>%1: the host name is unknown</source>
        <translation>%1: ホスト名が見つかりません</translation>
    </message>
    <message>
        <source>%1: the server closed the connection</source>
        <translation>%1: サーバーが接続を閉じました</translation>
    </message>
    <message>
        <source>%1: the TLS handshake failed (%2)</source>
        <translation>%1: TLS ハンドシェイクに失敗しました (%2)</translation>
    </message>
    <message>
        <source>%1: the server wants an API key (or another one)</source>
        <translation>%1: サーバーが API キー (または別のキー) を求めています</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 is not a server address: give http://host:port or https://host/...</source>
        <translation>%1 はサーバーのアドレスではありません。次の形式で指定してください: http://host:port または https://host/...</translation>
    </message>
    <message>
        <source>%1 does not serve &quot;%2&quot;; it serves: %3</source>
        <translation>%1 は &quot;%2&quot; を提供していません。提供しているモデル: %3</translation>
    </message>
    <message>
        <source>%1 server at %2</source>
        <translation>%2 の %1 サーバー</translation>
    </message>
    <message>
        <source>Not connected to a server</source>
        <translation>サーバーに接続していません</translation>
    </message>
    <message>
        <source>An answer is already streaming</source>
        <translation>すでに回答を受信中です</translation>
    </message>
    <message>
        <source>the server sent a malformed event: %1</source>
        <translation>サーバーが不正な形式のイベントを送信しました: %1</translation>
    </message>
    <message>
        <source>the server reported an error mid-answer: %1</source>
        <translation>回答の途中でサーバーがエラーを返しました: %1</translation>
    </message>
    <message>
        <source>%1 (the answer so far is kept)</source>
        <translation>%1 (ここまでの回答は保持されます)</translation>
    </message>
    <message>
        <source>%1: the stream ended before the answer was complete (no finish reason, no [DONE])%2</source>
        <translation>%1: 回答が完了する前にストリームが終了しました (終了理由も [DONE] もありません)%2</translation>
    </message>
    <message>
        <source>; the answer so far is kept</source>
        <translation>。ここまでの回答は保持されます</translation>
    </message>
    <message>
        <source>%1: the server sent nothing for %2 s</source>
        <translation>%1: サーバーから %2 秒間何も送られてきませんでした</translation>
    </message>
    <message>
        <source>%1: the answer is larger than %2 MiB</source>
        <translation>%1: 応答が %2 MiB を超えています</translation>
    </message>
    <message>
        <source> (prompts in %1 format via /v1/completions)</source>
        <translation> (/v1/completions で %1 形式のプロンプト)</translation>
    </message>
</context>
<context>
    <name>RemoteModerator</name>
    <message>
        <source>Not connected to a server</source>
        <translation>サーバーに接続していません</translation>
    </message>
    <message>
        <source>Choose a policy first</source>
        <translation>先にポリシーを選んでください</translation>
    </message>
    <message>
        <source>Moderation is busy</source>
        <translation>モデレーションを実行中です</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>キャンセル済み</translation>
    </message>
    <message>
        <source>%1 (attempts: %2)</source>
        <translation>%1 (試行回数: %2)</translation>
    </message>
</context>
<context>
    <name>RemotePrompt</name>
    <message>
        <source>the server&apos;s chat template renders this conversation, not Tramontane</source>
        <translation>この会話は Tramontane ではなくサーバーのチャットテンプレートが整形します</translation>
    </message>
    <message>
        <source>the conversation has no messages</source>
        <translation>会話にメッセージがありません</translation>
    </message>
    <message>
        <source>the last message is an answer; it must be a user message</source>
        <translation>最後のメッセージが回答です。ユーザーのメッセージである必要があります</translation>
    </message>
    <message>
        <source>an answer in the conversation is empty</source>
        <translation>会話の回答の 1 つが空です</translation>
    </message>
</context>
<context>
    <name>SchemaMigrations</name>
    <message>
        <source>%1: cannot read the schema version: %2</source>
        <translation>%1: スキーマバージョンを読み取れません: %2</translation>
    </message>
    <message>
        <source>%1: the history database has schema version %2, newer than this version of Tramontane supports (%3); use a newer Tramontane</source>
        <translation>%1: 履歴データベースのスキーマバージョン %2 は、このバージョンの Tramontane がサポートするバージョン (%3) より新しいです。新しい Tramontane を使用してください</translation>
    </message>
    <message>
        <source>%1: invalid schema version %2</source>
        <translation>%1: 無効なスキーマバージョン %2</translation>
    </message>
    <message>
        <source>%1: cannot read the database: %2</source>
        <translation>%1: データベースを読み取れません: %2</translation>
    </message>
    <message>
        <source>%1: not a Tramontane history database (it has tables but no schema version)</source>
        <translation>%1: Tramontane の履歴データベースではありません (テーブルはありますが、スキーマバージョンがありません)</translation>
    </message>
    <message>
        <source>%1: cannot prepare the migration: %2</source>
        <translation>%1: 移行を準備できません: %2</translation>
    </message>
    <message>
        <source>%1: no migration from schema version %2 to %3</source>
        <translation>%1: スキーマバージョン %2 から %3 への移行がありません</translation>
    </message>
    <message>
        <source>%1: migration to schema version %2 failed: %3</source>
        <translation>%1: スキーマバージョン %2 への移行に失敗しました: %3</translation>
    </message>
    <message>
        <source>%1: cannot enable foreign keys: %2</source>
        <translation>%1: 外部キーを有効にできません: %2</translation>
    </message>
</context>
<context>
    <name>SqlUtil</name>
    <message>
        <source>the disk is full or the database reached its size limit: free some space (%1)</source>
        <translation>ディスクがいっぱいか、データベースがサイズ上限に達しました: 空き容量を確保してください (%1)</translation>
    </message>
    <message>
        <source>the disk could not be written (full, or a file size limit): free some space (%1)</source>
        <translation>ディスクに書き込めません(容量不足またはファイルサイズ上限): 空き容量を確保してください (%1)</translation>
    </message>
</context>
<context>
    <name>SseParser</name>
    <message>
        <source>a line of the event stream is longer than %1 MiB</source>
        <translation>イベントストリームの 1 行が %1 MiB を超えています</translation>
    </message>
    <message>
        <source>an event of the stream is larger than %1 MiB</source>
        <translation>ストリームのイベントが %1 MiB を超えています</translation>
    </message>
</context>
<context>
    <name>UserPolicyStore</name>
    <message>
        <source>The policy needs a name</source>
        <translation>ポリシーには名前が必要です</translation>
    </message>
    <message>
        <source>The name &apos;%1&apos; cannot be used: use letters, digits, &apos;-&apos;, &apos;_&apos; and &apos;.&apos; (at most 64)</source>
        <translation>名前 &apos;%1&apos; は使えません。英数字、&apos;-&apos;、&apos;_&apos;、&apos;.&apos; を使ってください（64 文字まで）</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is the name of a built-in policy</source>
        <translation>&apos;%1&apos; は組み込みポリシーの名前です</translation>
    </message>
    <message>
        <source>There is already a policy named &apos;%1&apos;</source>
        <translation>&apos;%1&apos; という名前のポリシーは既にあります</translation>
    </message>
    <message>
        <source>%1: cannot create the folder</source>
        <translation>%1: フォルダーを作成できません</translation>
    </message>
    <message>
        <source>%1: cannot save the policy: %2</source>
        <translation>%1: ポリシーを保存できません: %2</translation>
    </message>
    <message>
        <source>There is no policy named &apos;%1&apos;</source>
        <translation>&apos;%1&apos; という名前のポリシーはありません</translation>
    </message>
    <message>
        <source>%1: cannot delete the policy: %2</source>
        <translation>%1: ポリシーを削除できません: %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Local chat with Mistral-family models</source>
        <translation>Mistral 系モデルとローカルで会話</translation>
    </message>
    <message>
        <source>Keep the history and settings in DIR instead of the user&apos;s data folder.</source>
        <translation>履歴と設定をユーザーデータフォルダーではなく DIR に保存します。</translation>
    </message>
    <message>
        <source>Load the model at PATH (.gguf or a folder) at start.</source>
        <translation>起動時に PATH のモデル (.gguf またはフォルダー) を読み込みます。</translation>
    </message>
    <message>
        <source>Interface language: en, ko, ja or zh_CN.</source>
        <translation>インターフェイスの言語: en、ko、ja、zh_CN のいずれか。</translation>
    </message>
    <message>
        <source>Tramontane</source>
        <translation>Tramontane</translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation>バージョンを表示して終了します。</translation>
    </message>
    <message>
        <source>Run models on BACKEND: cpu, cuda or auto (the GPU when there is one).</source>
        <translation>BACKEND でモデルを実行します: cpu、cuda、auto (GPU があれば GPU) のいずれか。</translation>
    </message>
    <message>
        <source>Unknown backend &apos;%1&apos; (expected cpu, cuda or auto).</source>
        <translation>不明なバックエンド &apos;%1&apos; です (cpu、cuda、auto のいずれかを指定してください)。</translation>
    </message>
    <message>
        <source>The damaged history was kept as %1</source>
        <translation>破損した履歴は %1 として保存されました</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::AdapterManager</name>
    <message>
        <source>%1 is not a LoRA adapter: choose a folder with adapter_config.json or a .gguf LoRA file.</source>
        <translation>%1 は LoRA アダプターではありません: adapter_config.json を含むフォルダーか .gguf LoRA ファイルを選んでください。</translation>
    </message>
    <message>
        <source>Use %1 in this conversation</source>
        <translation>この会話で %1 を使う</translation>
    </message>
    <message>
        <source> (rsLoRA)</source>
        <translation> (rsLoRA)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>確認中…</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>モデル未読み込み</translation>
    </message>
    <message>
        <source>No: %1</source>
        <translation>いいえ: %1</translation>
    </message>
    <message>
        <source>Adapters in memory: %1 (%2)</source>
        <translation>メモリ上のアダプター: %1 個 (%2)</translation>
    </message>
    <message>
        <source>Add a LoRA adapter folder</source>
        <translation>LoRA アダプターのフォルダーを追加</translation>
    </message>
    <message>
        <source>Add a GGUF LoRA file</source>
        <translation>GGUF LoRA ファイルを追加</translation>
    </message>
    <message>
        <source>GGUF LoRA adapters (*.gguf)</source>
        <translation>GGUF LoRA アダプター (*.gguf)</translation>
    </message>
    <message>
        <source>Adapters</source>
        <translation>アダプター</translation>
    </message>
    <message>
        <source>LoRA adapters for this conversation. Changes apply to the next answer; the model is not reloaded.</source>
        <translation>この会話の LoRA アダプターです。変更は次の回答から反映され、モデルは再読み込みされません。</translation>
    </message>
    <message>
        <source>Open a conversation to choose its adapters.</source>
        <translation>アダプターを選ぶには会話を開いてください。</translation>
    </message>
    <message>
        <source>On</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>ランク</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>アルファ</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>対象</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Trained for</source>
        <translation>学習元モデル</translation>
    </message>
    <message>
        <source>Fits the model</source>
        <translation>モデルとの適合</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>スケール</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>フォルダーを追加…</translation>
    </message>
    <message>
        <source>Add .gguf file…</source>
        <translation>.gguf ファイルを追加…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>比較…</translation>
    </message>
    <message>
        <source>The model runs on the server %1: its adapters are the server&apos;s own (the ones it lists are added here); adapter files on this computer are not used.</source>
        <translation>モデルはサーバー %1 で動作しています。アダプターはサーバー側のものを使います (サーバーが示すものがここに追加されます)。このコンピューター上のアダプターファイルは使われません。</translation>
    </message>
    <message>
        <source>Not while connected to a server</source>
        <translation>サーバーに接続中は使えません</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ApiKeyStore</name>
    <message>
        <source>This build of Tramontane has no keychain support (QtKeychain).</source>
        <translation>この Tramontane のビルドはキーチェーンに対応していません (QtKeychain)。</translation>
    </message>
    <message>
        <source>The system keychain is not available (%1); the key is kept for this session only.</source>
        <translation>システムのキーチェーンを使用できません (%1)。キーはこのセッションの間だけ保持されます。</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ChatFlow</name>
    <message>
        <source>The engine is busy. Wait for it or press Stop.</source>
        <translation>エンジンが処理中です。完了を待つか、[停止] を押してください。</translation>
    </message>
    <message>
        <source>Only an answer can be regenerated.</source>
        <translation>再生成できるのは回答だけです。</translation>
    </message>
    <message>
        <source>The conversation changed; try again.</source>
        <translation>会話が変更されました。もう一度お試しください。</translation>
    </message>
    <message>
        <source>No model is loaded. Open a model first (File &gt; Open model file…).</source>
        <translation>モデルが読み込まれていません。先にモデルを開いてください (ファイル &gt; モデルファイルを開く…)。</translation>
    </message>
    <message>
        <source>The message is being checked by moderation. Wait a moment.</source>
        <translation>メッセージをモデレーションで確認しています。しばらくお待ちください。</translation>
    </message>
    <message>
        <source>No model is loaded: open a model first</source>
        <translation>モデルが読み込まれていません: 先にモデルを開いてください</translation>
    </message>
    <message>
        <source>Moderation is busy</source>
        <translation>モデレーションを実行中です</translation>
    </message>
    <message>
        <source>moderation failed</source>
        <translation>モデレーションに失敗しました</translation>
    </message>
    <message>
        <source>Not sent: moderation flagged this message as &quot;%1&quot; (policy %2).</source>
        <translation>送信しませんでした: モデレーションがこのメッセージを &quot;%1&quot; と判定しました (ポリシー %2)。</translation>
    </message>
    <message>
        <source>Not sent: the moderation check failed: %1</source>
        <translation>送信しませんでした: モデレーションの確認に失敗しました: %1</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ChatModerationDialog</name>
    <message>
        <source>Chat moderation</source>
        <translation>チャットのモデレーション</translation>
    </message>
    <message>
        <source>Moderate this conversation</source>
        <translation>この会話をモデレーションする</translation>
    </message>
    <message>
        <source>Policy file…</source>
        <translation>ポリシーファイル…</translation>
    </message>
    <message>
        <source>The user&apos;s messages</source>
        <translation>ユーザーのメッセージ</translation>
    </message>
    <message>
        <source>The model&apos;s answers</source>
        <translation>モデルの回答</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>両方</translation>
    </message>
    <message>
        <source>Warn: send, mark the message</source>
        <translation>警告: 送信してメッセージに印を付ける</translation>
    </message>
    <message>
        <source>Block: do not send a flagged message</source>
        <translation>ブロック: 判定されたメッセージは送信しない</translation>
    </message>
    <message>
        <source>Log only: store the verdict, show nothing</source>
        <translation>記録のみ: 判定を保存し、何も表示しない</translation>
    </message>
    <message>
        <source>Moderation runs the loaded model on the CPU with the policy&apos;s prompt. A flagged answer cannot be unsent: with Block it is marked as with Warn. A policy is not a security boundary.</source>
        <translation>モデレーションは読み込んだモデルをポリシーのプロンプトで CPU 上で実行します。判定された回答は取り消せないため、ブロックでも警告と同じく印が付きます。ポリシーはセキュリティ境界ではありません。</translation>
    </message>
    <message>
        <source>Policy:</source>
        <translation>ポリシー:</translation>
    </message>
    <message>
        <source>Check:</source>
        <translation>確認対象:</translation>
    </message>
    <message>
        <source>When flagged:</source>
        <translation>判定されたとき:</translation>
    </message>
    <message>
        <source>Moderation: off</source>
        <translation>モデレーション: オフ</translation>
    </message>
    <message>
        <source>warn</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>block</source>
        <translation>ブロック</translation>
    </message>
    <message>
        <source>log only</source>
        <translation>記録のみ</translation>
    </message>
    <message>
        <source>Moderation: %1, %2</source>
        <translation>モデレーション: %1, %2</translation>
    </message>
    <message>
        <source>Open a moderation policy</source>
        <translation>モデレーションポリシーを開く</translation>
    </message>
    <message>
        <source>Moderation policies (*.json)</source>
        <translation>モデレーションポリシー (*.json)</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ChatView</name>
    <message>
        <source>No messages yet. Write below to start the conversation.</source>
        <translation>まだメッセージはありません。下に入力して会話を始めましょう。</translation>
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
        <translation>アダプターなし</translation>
    </message>
    <message>
        <source>(unused)</source>
        <translation>(未使用)</translation>
    </message>
    <message>
        <source>This conversation&apos;s set</source>
        <translation>この会話のセット</translation>
    </message>
    <message>
        <source>No model is loaded. Open a model first (File &gt; Open model file…).</source>
        <translation>モデルが読み込まれていません。先にモデルを開いてください (ファイル &gt; モデルファイルを開く…)。</translation>
    </message>
    <message>
        <source>The engine is busy. Wait for it or press Stop.</source>
        <translation>エンジンが処理中です。完了を待つか、[停止] を押してください。</translation>
    </message>
    <message>
        <source>Type a prompt to compare.</source>
        <translation>比較するプロンプトを入力してください。</translation>
    </message>
    <message>
        <source>Choose an adapter set for at least one column.</source>
        <translation>少なくとも 1 列にアダプターセットを選んでください。</translation>
    </message>
    <message>
        <source>%1 tokens, %2 ms/token</source>
        <translation>%1 トークン、1 トークンあたり %2 ms</translation>
    </message>
    <message>
        <source>Compare adapter sets</source>
        <translation>アダプターセットの比較</translation>
    </message>
    <message>
        <source>One prompt, answered with each set</source>
        <translation>1 つのプロンプトを各セットで回答します</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::Composer</name>
    <message>
        <source>Write a message (Enter sends, Shift+Enter for a new line)</source>
        <translation>メッセージを入力 (Enter で送信、Shift+Enter で改行)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>回答を停止</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>メッセージを送信</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ConversationListModel</name>
    <message>
        <source>New conversation</source>
        <translation>新しい会話</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ConversationPanel</name>
    <message>
        <source>Deleted “%1”</source>
        <translation>「%1」を削除しました</translation>
    </message>
    <message>
        <source>No messages match “%1”.</source>
        <translation>「%1」に一致するメッセージはありません。</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>名前を変更</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>固定を解除</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>先頭に固定</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Search all conversations</source>
        <translation>すべての会話を検索</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新規</translation>
    </message>
    <message>
        <source>Start a new conversation</source>
        <translation>新しい会話を開始</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>元に戻す</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::EngineController</name>
    <message>
        <source>The server %1 does not offer this adapter; adapters of a remote model are the server&apos;s own</source>
        <translation>サーバー %1 はこのアダプターを提供していません。リモートモデルのアダプターはサーバー側のものです</translation>
    </message>
    <message>
        <source>Comparing adapter sets runs on the local engine only; this model is on a server</source>
        <translation>アダプターセットの比較はローカルエンジンでのみ実行できます。このモデルはサーバー上にあります</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::EngineWorker</name>
    <message>
        <source>Loading %1 was cancelled.</source>
        <translation>%1 の読み込みをキャンセルしました。</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 を読み取り中…</translation>
    </message>
    <message>
        <source>Reading %1 and preparing the GPU…</source>
        <translation>%1 を読み取り、GPU を準備中…</translation>
    </message>
    <message>
        <source>Starting the model…</source>
        <translation>モデルを起動中…</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>モデルが読み込まれていません。</translation>
    </message>
    <message>
        <source>A conversation turn cannot be a system message.</source>
        <translation>会話のターンをシステムメッセージにすることはできません。</translation>
    </message>
    <message>
        <source>Adapter %1: the scale %2 is outside 0 to 2.</source>
        <translation>アダプター %1: スケール %2 が 0〜2 の範囲外です。</translation>
    </message>
    <message>
        <source>Adapter %1 cannot be used with this model: %2</source>
        <translation>アダプター %1 はこのモデルでは使えません: %2</translation>
    </message>
    <message>
        <source>Adapter %1: %2</source>
        <translation>アダプター %1: %2</translation>
    </message>
    <message>
        <source>Its shapes do not fit the loaded model.</source>
        <translation>テンソルの形状が読み込んだモデルと合いません。</translation>
    </message>
    <message>
        <source>No model is loaded: compatibility unknown.</source>
        <translation>モデルが読み込まれていないため、互換性は不明です。</translation>
    </message>
    <message>
        <source>Compare 1 to %1 adapter sets.</source>
        <translation>比較できるアダプターセットは 1〜%1 個です。</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::HistoryTransfer</name>
    <message>
        <source>%1: cannot write the file: %2</source>
        <translation>%1: ファイルに書き込めません: %2</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Tramontane JSON, every branch (*.json)</source>
        <translation>Tramontane JSON、すべてのブランチを含む (*.json)</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>会話のエクスポート</translation>
    </message>
    <message>
        <source>Export all conversations</source>
        <translation>すべての会話のエクスポート</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>エクスポートに失敗しました</translation>
    </message>
    <message>
        <source>Import conversations</source>
        <translation>会話のインポート</translation>
    </message>
    <message>
        <source>Tramontane JSON (*.json)</source>
        <translation>Tramontane JSON (*.json)</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>インポートに失敗しました</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::KvVisualizer</name>
    <message>
        <source>Export heatmap</source>
        <translation>ヒートマップをエクスポート</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 画像 (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 に書き込めませんでした。</translation>
    </message>
    <message>
        <source>Export attention weights</source>
        <translation>アテンションの重みをエクスポート</translation>
    </message>
    <message>
        <source>NumPy arrays (*.npy)</source>
        <translation>NumPy 配列 (*.npy)</translation>
    </message>
    <message>
        <source>KV cache and attention</source>
        <translation>KV キャッシュとアテンション</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>レイヤー</translation>
    </message>
    <message>
        <source>Query head</source>
        <translation>クエリヘッド</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>対数スケール</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>1 ステップ</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG をエクスポート…</translation>
    </message>
    <message>
        <source>Export .npy…</source>
        <translation>.npy をエクスポート…</translation>
    </message>
    <message>
        <source>KV ring (slots by position, write head in red)</source>
        <translation>KV リング (位置ごとのスロット、書き込み位置は赤)</translation>
    </message>
    <message>
        <source>Attention (queries × keys by position)</source>
        <translation>アテンション (クエリ × 位置ごとのキー)</translation>
    </message>
    <message>
        <source>Tokens (highlighted: inside the window)</source>
        <translation>トークン (強調: ウィンドウ内)</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
    <message>
        <source>Probes are not available: %1</source>
        <translation>プローブは使用できません: %1</translation>
    </message>
    <message>
        <source>Head %1 · KV head %2 (group of %3)</source>
        <translation>ヘッド %1 · KV ヘッド %2 (%3 個のグループ)</translation>
    </message>
    <message>
        <source>Waiting for the model to run…</source>
        <translation>モデルの実行を待っています…</translation>
    </message>
    <message>
        <source>%1 / %2 slots
position %3</source>
        <translation>スロット %1 / %2
位置 %3</translation>
    </message>
    <message>
        <source>position %1, slot %2</source>
        <translation>位置 %1、スロット %2</translation>
    </message>
    <message>
        <source>KV cache: %1 MiB of %2 MiB reserved (%3 MiB per layer, %4 layers), %5 evicted in the last step · model %6 MiB · adapters %7 MiB</source>
        <translation>KV キャッシュ: 予約 %2 MiB のうち %1 MiB (レイヤーあたり %3 MiB、%4 レイヤー)、直前のステップで %5 個が押し出し · モデル %6 MiB · アダプター %7 MiB</translation>
    </message>
    <message>
        <source>query %1 “%2” → key %3 “%4”: %5</source>
        <translation>クエリ %1 “%2” → キー %3 “%4”: %5</translation>
    </message>
    <message>
        <source>Layer %1, head %2: queries at positions %3–%4, keys %5–%6</source>
        <translation>レイヤー %1、ヘッド %2: クエリの位置 %3–%4、キー %5–%6</translation>
    </message>
    <message>
        <source>The server does not expose the model&apos;s attention or KV cache; the visualizer works with a model on this computer.</source>
        <translation>サーバーはモデルのアテンションや KV キャッシュを公開していません。ビジュアライザーはこのコンピューター上のモデルで動作します。</translation>
    </message>
    <message>
        <source>L%1 H%2 %3</source>
        <translation>L%1 H%2 %3</translation>
    </message>
    <message>
        <source>Click a token above to see which heads attend to it most.</source>
        <translation>上のトークンをクリックすると、どのヘッドがそれに最も注意を向けているかを表示します。</translation>
    </message>
    <message>
        <source>“%1” (position %2) is outside the window: it was evicted, and the sliding-window mask gives it weight 0 in every head.</source>
        <translation>「%1」（位置 %2）はウィンドウの外です: キャッシュから追い出され、スライディングウィンドウのマスクにより全ヘッドで重みは 0 です。</translation>
    </message>
    <message>
        <source>“%1” (position %2): waiting for the model to run…</source>
        <translation>「%1」（位置 %2）: モデルの実行を待っています…</translation>
    </message>
    <message>
        <source>weight of the newest query, position %1</source>
        <translation>最新のクエリ（位置 %1）の重み</translation>
    </message>
    <message>
        <source>mean over the prefill chunk&apos;s %1 queries, positions %2–%3</source>
        <translation>プリフィルチャンクの %1 個のクエリの平均、位置 %2–%3</translation>
    </message>
    <message>
        <source>Heads in layer %1 that attend most to “%2” (position %3; %4):</source>
        <translation>レイヤー %1 で「%2」（位置 %3）に最も注意を向けるヘッド（%4）:</translation>
    </message>
    <message>
        <source>Heads that attend most to “%1” (position %2; %3):</source>
        <translation>「%1」（位置 %2）に最も注意を向けるヘッド（%3）:</translation>
    </message>
    <message>
        <source>Show layer %1, head %2 in the heatmap</source>
        <translation>ヒートマップにレイヤー %1、ヘッド %2 を表示</translation>
    </message>
    <message>
        <source>position %1 (selected)</source>
        <translation>位置 %1（選択中）</translation>
    </message>
    <message>
        <source>position %1, left the window</source>
        <translation>位置 %1、ウィンドウから外れた</translation>
    </message>
    <message>
        <source>position %1, outside the window</source>
        <translation>位置 %1、ウィンドウの外</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::LoadIndicator</name>
    <message>
        <source>Loading %1…</source>
        <translation>%1 を読み込み中…</translation>
    </message>
    <message>
        <source>Loading %1: %2</source>
        <translation>%1 を読み込み中: %2</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::MainWindow</name>
    <message>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <source>Model loaded: %1</source>
        <translation>モデルを読み込みました: %1</translation>
    </message>
    <message>
        <source>Loading cancelled</source>
        <translation>読み込みをキャンセルしました</translation>
    </message>
    <message>
        <source>Could not open the model</source>
        <translation>モデルを開けませんでした</translation>
    </message>
    <message>
        <source>The answer failed</source>
        <translation>回答の生成に失敗しました</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>モデルを開く</translation>
    </message>
    <message>
        <source>The engine is busy. Stop the answer first.</source>
        <translation>エンジンが処理中です。先に回答を停止してください。</translation>
    </message>
    <message>
        <source>Open model file</source>
        <translation>モデルファイルを開く</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF モデル (*.gguf);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Open model folder (config.json, *.safetensors, tokenizer.model)</source>
        <translation>モデルフォルダーを開く (config.json、*.safetensors、tokenizer.model)</translation>
    </message>
    <message>
        <source>No recent models</source>
        <translation>最近使ったモデルはありません</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>一覧をクリア</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新しい会話</translation>
    </message>
    <message>
        <source>Guardrail presets</source>
        <translation>ガードレールプリセット</translation>
    </message>
    <message>
        <source>No system prompt</source>
        <translation>システムプロンプトなし</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>モデルなし</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>再生成</translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation>メッセージを編集</translation>
    </message>
    <message>
        <source>The message is sent again; the old version is kept.</source>
        <translation>メッセージを再送信します。以前のバージョンは残ります。</translation>
    </message>
    <message>
        <source>No translation for this language was found; English is shown.</source>
        <translation>この言語の翻訳が見つからないため、英語で表示します。</translation>
    </message>
    <message>
        <source>Tramontane</source>
        <translation>Tramontane</translation>
    </message>
    <message>
        <source>Guardrail:</source>
        <translation>ガードレール:</translation>
    </message>
    <message>
        <source>The system prompt put before this conversation</source>
        <translation>この会話の前に置くシステムプロンプト</translation>
    </message>
    <message>
        <source>Presets…</source>
        <translation>プリセット…</translation>
    </message>
    <message>
        <source>Sampling…</source>
        <translation>サンプリング…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New conversation</source>
        <translation>新しい会話(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open model file…</source>
        <translation>モデルファイルを開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Open model &amp;folder…</source>
        <translation>モデルフォルダーを開く(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Recent models</source>
        <translation>最近使ったモデル(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>会話(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Regenerate last answer</source>
        <translation>最後の回答を再生成(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;ampling settings…</source>
        <translation>サンプリング設定(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Guardrail presets…</source>
        <translation>ガードレールプリセット(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>設定(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>環境設定(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Export conversation…</source>
        <translation>会話をエクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>Export &amp;all conversations…</source>
        <translation>すべての会話をエクスポート(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Import conversations…</source>
        <translation>会話をインポート(&amp;I)…</translation>
    </message>
    <message>
        <source>No model is loaded. Open a model first (File &gt; Open model file…).</source>
        <translation>モデルが読み込まれていません。先にモデルを開いてください (ファイル &gt; モデルファイルを開く…)。</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>ツール(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Moderation…</source>
        <translation>モデレーション(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Adapters…</source>
        <translation>アダプター(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;KV cache and attention…</source>
        <translation>KV キャッシュとアテンション(&amp;K)…</translation>
    </message>
    <message>
        <source>In-chat moderation of this conversation</source>
        <translation>この会話のチャット内モデレーション</translation>
    </message>
    <message>
        <source>The API key was not saved: %1</source>
        <translation>API キーを保存できませんでした: %1</translation>
    </message>
    <message>
        <source>Connection cancelled</source>
        <translation>接続をキャンセルしました</translation>
    </message>
    <message>
        <source>Could not connect to the server</source>
        <translation>サーバーに接続できませんでした</translation>
    </message>
    <message>
        <source>Connect to a server</source>
        <translation>サーバーに接続</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>接続中</translation>
    </message>
    <message>
        <source>&amp;Connect to a server…</source>
        <translation>サーバーに接続(&amp;C)…</translation>
    </message>
    <message>
        <source>Chat with a model served by llama.cpp&apos;s server, vLLM or another OpenAI-compatible server</source>
        <translation>llama.cpp のサーバー、vLLM、その他の OpenAI 互換サーバーが提供するモデルとチャット</translation>
    </message>
    <message>
        <source>The model is being loaded again: on the GPU if it works again, otherwise on the CPU.</source>
        <translation>モデルを再読み込みしています。GPU が復旧していれば GPU で、そうでなければ CPU で実行します。</translation>
    </message>
    <message>
        <source>Model loaded: %1 (%2)</source>
        <translation>モデルを読み込みました: %1（%2）</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::MessageBubble</name>
    <message>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <source>Assistant · %1</source>
        <translation>アシスタント · %1</translation>
    </message>
    <message>
        <source>writing…</source>
        <translation>生成中…</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止済み</translation>
    </message>
    <message>
        <source>token limit reached</source>
        <translation>トークン上限に到達</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>コンテキストが満杯</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Copy the message</source>
        <translation>メッセージをコピー</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>コードをコピー</translation>
    </message>
    <message>
        <source>Copy the code blocks of the message</source>
        <translation>メッセージのコードブロックをコピー</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>編集</translation>
    </message>
    <message>
        <source>Edit the message and send it again (the old version is kept)</source>
        <translation>メッセージを編集して再送信 (以前のバージョンは残ります)</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>再生成</translation>
    </message>
    <message>
        <source>Write this answer again (the old answer is kept)</source>
        <translation>この回答を再生成 (以前の回答は残ります)</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>前のバージョン</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>次のバージョン</translation>
    </message>
    <message>
        <source>Moderation failed</source>
        <translation>モデレーション失敗</translation>
    </message>
    <message>
        <source>Safe</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>フラグあり</translation>
    </message>
    <message>
        <source>Flagged: %1</source>
        <translation>判定: %1</translation>
    </message>
    <message>
        <source>Moderation (%1, policy %2)</source>
        <translation>モデレーション (%1、ポリシー %2)</translation>
    </message>
    <message>
        <source>answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>P(not safe) = %1, threshold %2</source>
        <translation>P(安全でない) = %1、しきい値 %2</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationController</name>
    <message>
        <source>Moderation is busy</source>
        <translation>モデレーションを実行中です</translation>
    </message>
    <message>
        <source>Open a data file first</source>
        <translation>先にデータファイルを開いてください</translation>
    </message>
    <message>
        <source>Choose a policy first</source>
        <translation>先にポリシーを選んでください</translation>
    </message>
    <message>
        <source>No model is loaded: open a model first</source>
        <translation>モデルが読み込まれていません: 先にモデルを開いてください</translation>
    </message>
    <message>
        <source>%1: no column &apos;%2&apos;</source>
        <translation>%1: 列 &apos;%2&apos; がありません</translation>
    </message>
    <message>
        <source>Every row has a result</source>
        <translation>すべての行に結果があります</translation>
    </message>
    <message>
        <source>Runs are not stored</source>
        <translation>実行は保存されません</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationPanel</name>
    <message>
        <source>%1 / %2 texts · %3 texts/s · %4 left</source>
        <translation>%1 / %2 件 · 毎秒 %3 件 · 残り %4</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>キャンセル済み</translation>
    </message>
    <message>
        <source>Open a moderation policy</source>
        <translation>モデレーションポリシーを開く</translation>
    </message>
    <message>
        <source>Policy files (*.json)</source>
        <translation>ポリシーファイル (*.json)</translation>
    </message>
    <message>
        <source>Moderation is busy</source>
        <translation>モデレーションを実行中です</translation>
    </message>
    <message>
        <source>Open texts to moderate</source>
        <translation>モデレーションするテキストを開く</translation>
    </message>
    <message>
        <source>Texts (*.csv *.jsonl *.ndjson)</source>
        <translation>テキスト (*.csv *.jsonl *.ndjson)</translation>
    </message>
    <message>
        <source>Export the results</source>
        <translation>結果をエクスポート</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON Lines (*.jsonl)</source>
        <translation>CSV (*.csv);;JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Moderation</source>
        <translation>モデレーション</translation>
    </message>
    <message>
        <source>&amp;Policy:</source>
        <translation>ポリシー(&amp;P):</translation>
    </message>
    <message>
        <source>Policy file…</source>
        <translation>ポリシーファイル…</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>モデル未読み込み</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>モデル: %1</translation>
    </message>
    <message>
        <source>Single text</source>
        <translation>単一テキスト</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>一括処理</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>評価</translation>
    </message>
    <message>
        <source>Type or paste the text to check</source>
        <translation>チェックするテキストを入力または貼り付けてください</translation>
    </message>
    <message>
        <source>&amp;Check</source>
        <translation>チェック(&amp;C)</translation>
    </message>
    <message>
        <source>Prompt sent</source>
        <translation>送信したプロンプト</translation>
    </message>
    <message>
        <source>&amp;Open file…</source>
        <translation>ファイルを開く(&amp;O)…</translation>
    </message>
    <message>
        <source>No file (CSV or JSON Lines)</source>
        <translation>ファイルなし (CSV または JSON Lines)</translation>
    </message>
    <message>
        <source>&amp;Text column:</source>
        <translation>テキスト列(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Label column:</source>
        <translation>ラベル列(&amp;L):</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(なし)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>実行(&amp;R)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>再開(&amp;U)</translation>
    </message>
    <message>
        <source>Search the results</source>
        <translation>結果を検索</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>すべての行</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>フラグあり</translation>
    </message>
    <message>
        <source>Not flagged</source>
        <translation>フラグなし</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>未処理</translation>
    </message>
    <message>
        <source>Verdict differs from label</source>
        <translation>判定がラベルと異なる</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>エクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>フラグあり</translation>
    </message>
    <message>
        <source>not flagged</source>
        <translation>フラグなし</translation>
    </message>
    <message>
        <source>positive label</source>
        <translation>陽性ラベル</translation>
    </message>
    <message>
        <source>negative label</source>
        <translation>陰性ラベル</translation>
    </message>
    <message>
        <source>T&amp;hreshold on P(unsafe):</source>
        <translation>P(unsafe) のしきい値(&amp;H):</translation>
    </message>
    <message>
        <source>&amp;Save threshold with the policy</source>
        <translation>しきい値をポリシーと一緒に保存(&amp;S)</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>エラー: %1</translation>
    </message>
    <message>
        <source>Flagged: %1 (P(unsafe) = %2)</source>
        <translation>フラグあり: %1 (P(unsafe) = %2)</translation>
    </message>
    <message>
        <source>Safe (P(unsafe) = %1)</source>
        <translation>安全 (P(unsafe) = %1)</translation>
    </message>
    <message>
        <source>Run a batch with a label column to see precision and recall.</source>
        <translation>適合率と再現率を見るには、ラベル列を指定して一括処理を実行してください。</translation>
    </message>
    <message>
        <source>Prompt sent (tokens: %1)</source>
        <translation>送信したプロンプト (トークン: %1)</translation>
    </message>
    <message>
        <source>Positive class: flagged. Precision %1 · Recall %2 · F1 %3 · Accuracy %4 · Average precision %5 · Labelled rows: %6</source>
        <translation>陽性クラス: フラグあり。適合率 %1 · 再現率 %2 · F1 %3 · 正解率 %4 · 平均適合率 %5 · ラベル付きの行: %6</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 を読み取り中…</translation>
    </message>
    <message>
        <source>Delete the policy</source>
        <translation>ポリシーの削除</translation>
    </message>
    <message>
        <source>Delete the policy &apos;%1&apos;? Its file is removed; stored runs keep their results.</source>
        <translation>ポリシー &apos;%1&apos; を削除しますか? ファイルは削除されます。保存済みの実行は結果を保持します。</translation>
    </message>
    <message>
        <source>Delete the run</source>
        <translation>実行の削除</translation>
    </message>
    <message>
        <source>Delete the stored run %1 and its results?</source>
        <translation>保存済みの実行 %1 とその結果を削除しますか?</translation>
    </message>
    <message>
        <source>&amp;New policy…</source>
        <translation>新しいポリシー(&amp;N)…</translation>
    </message>
    <message>
        <source>E&amp;dit policy…</source>
        <translation>ポリシーを編集(&amp;D)…</translation>
    </message>
    <message>
        <source>Delete policy</source>
        <translation>ポリシーを削除</translation>
    </message>
    <message>
        <source>Stored runs</source>
        <translation>保存済みの実行</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>ポリシー</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>しきい値</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>更新(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open run</source>
        <translation>実行を開く(&amp;O)</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>実行を削除</translation>
    </message>
    <message>
        <source>%1 (yours)</source>
        <translation>%1（あなたの）</translation>
    </message>
    <message>
        <source>Runs are stored with the chat history.</source>
        <translation>実行はチャット履歴と一緒に保存されます。</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>No stored runs yet.</source>
        <translation>保存済みの実行はまだありません。</translation>
    </message>
    <message>
        <source>Stored run %1: %2</source>
        <translation>保存済みの実行 %1: %2</translation>
    </message>
    <message>
        <source>%1 / %2 texts (stored)</source>
        <translation>%1 / %2 件のテキスト（保存済み）</translation>
    </message>
    <message>
        <source>Showing run %1 (%2, %3)</source>
        <translation>実行 %1 を表示中（%2、%3）</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationResultsModel</name>
    <message>
        <source>%1: cannot write the results: %2</source>
        <translation>%1: 結果を書き込めません: %2</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>未処理</translation>
    </message>
    <message>
        <source>error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>フラグあり</translation>
    </message>
    <message>
        <source>safe</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Top category</source>
        <translation>最上位カテゴリ</translation>
    </message>
    <message>
        <source>P(unsafe)</source>
        <translation>P(unsafe)</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>ラベル</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::ModerationWorker</name>
    <message>
        <source>No model is loaded: open a model first</source>
        <translation>モデルが読み込まれていません: 先にモデルを開いてください</translation>
    </message>
    <message>
        <source>The moderation model is not ready</source>
        <translation>モデレーションモデルの準備ができていません</translation>
    </message>
    <message>
        <source>%1: not a .csv or .jsonl file</source>
        <translation>%1: .csv または .jsonl ファイルではありません</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::PolicyEditorDialog</name>
    <message>
        <source>New moderation policy</source>
        <translation>新しいモデレーションポリシー</translation>
    </message>
    <message>
        <source>Edit moderation policy</source>
        <translation>モデレーションポリシーの編集</translation>
    </message>
    <message>
        <source>&amp;Start from a copy of:</source>
        <translation>次のコピーから始める(&amp;S):</translation>
    </message>
    <message>
        <source>letters, digits, &apos;-&apos;, &apos;_&apos;</source>
        <translation>英数字、&apos;-&apos;、&apos;_&apos;</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>タイトル(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Prompt template (the text to check goes where {text} is):</source>
        <translation>プロンプトテンプレート(&amp;P)（チェックするテキストは {text} の位置に入ります）:</translation>
    </message>
    <message>
        <source>&amp;Labels (each answer exactly as the model would write it):</source>
        <translation>ラベル(&amp;L)（モデルが書く答えをそのとおりに）:</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>ラベル</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>説明</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>追加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>削除(&amp;R)</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上へ(&amp;U)</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>下へ(&amp;D)</translation>
    </message>
    <message>
        <source>Sa&amp;fe label:</source>
        <translation>安全なラベル(&amp;F):</translation>
    </message>
    <message>
        <source>T&amp;hreshold on P(unsafe):</source>
        <translation>P(unsafe) のしきい値(&amp;H):</translation>
    </message>
    <message>
        <source>The template has no {text}: the text to check would not be in the prompt.</source>
        <translation>テンプレートに {text} がありません。チェックするテキストがプロンプトに入りません。</translation>
    </message>
    <message>
        <source>The template has {text} more than once; it must appear exactly once.</source>
        <translation>テンプレートに {text} が複数回あります。ちょうど1回にしてください。</translation>
    </message>
    <message>
        <source>The template has {text} once.</source>
        <translation>テンプレートに {text} が1回あります。</translation>
    </message>
    <message>
        <source>A policy needs at least two labels: a safe one and another.</source>
        <translation>ポリシーには少なくとも2つのラベルが必要です（安全なものと、もう1つ）。</translation>
    </message>
    <message>
        <source>Label %1 has no name.</source>
        <translation>ラベル %1 に名前がありません。</translation>
    </message>
    <message>
        <source>Label &apos;%1&apos; begins or ends with a space.</source>
        <translation>ラベル &apos;%1&apos; の先頭または末尾に空白があります。</translation>
    </message>
    <message>
        <source>The label &apos;%1&apos; appears twice: label names must differ.</source>
        <translation>ラベル &apos;%1&apos; が2回出てきます。ラベル名は互いに異なる必要があります。</translation>
    </message>
    <message>
        <source>Choose the safe label.</source>
        <translation>安全なラベルを選んでください。</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::PrCurveWidget</name>
    <message>
        <source>Recall</source>
        <translation>再現率</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>適合率</translation>
    </message>
    <message>
        <source>No labelled results</source>
        <translation>ラベル付きの結果がありません</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::PresetEditorDialog</name>
    <message>
        <source>Guardrail presets</source>
        <translation>ガードレールプリセット</translation>
    </message>
    <message>
        <source>The system prompt given to the model (empty: none)</source>
        <translation>モデルに渡すシステムプロンプト (空欄: なし)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新規</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>複製</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>インポート…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>エクスポート…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>システムプロンプト</translation>
    </message>
    <message>
        <source>%1 (built-in)</source>
        <translation>%1 (組み込み)</translation>
    </message>
    <message>
        <source>New preset</source>
        <translation>新しいプリセット</translation>
    </message>
    <message>
        <source>New preset %1</source>
        <translation>新しいプリセット %1</translation>
    </message>
    <message>
        <source>Delete preset</source>
        <translation>プリセットの削除</translation>
    </message>
    <message>
        <source>Delete the preset “%1”?</source>
        <translation>プリセット「%1」を削除しますか？</translation>
    </message>
    <message>
        <source>Import presets</source>
        <translation>プリセットのインポート</translation>
    </message>
    <message>
        <source>Preset files (*.json);;All files (*)</source>
        <translation>プリセットファイル (*.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Export preset</source>
        <translation>プリセットのエクスポート</translation>
    </message>
    <message>
        <source>Preset files (*.json)</source>
        <translation>プリセットファイル (*.json)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 に書き込めませんでした: %2</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::RemoteDialog</name>
    <message>
        <source>Fetching…</source>
        <translation>取得中…</translation>
    </message>
    <message>
        <source>Fetch models</source>
        <translation>モデルを取得</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>%1 にモデル一覧を問い合わせています…</translation>
    </message>
    <message>
        <source>%1 is not a server address: give http://host:port or https://host/…</source>
        <translation>%1 はサーバーのアドレスではありません。次の形式で指定してください: http://host:port または https://host/…</translation>
    </message>
    <message>
        <source>The server lists no base model.</source>
        <translation>サーバーの一覧にベースモデルがありません。</translation>
    </message>
    <message>
        <source>Give the server&apos;s address, for example http://127.0.0.1:8080.</source>
        <translation>サーバーのアドレスを入力してください (例: http://127.0.0.1:8080)。</translation>
    </message>
    <message>
        <source>Connect to a server</source>
        <translation>サーバーに接続</translation>
    </message>
    <message>
        <source>Chat with a model served by an OpenAI-compatible server (llama.cpp&apos;s server, vLLM, …). The conversation history stays on this computer; the prompts and answers go to that server.</source>
        <translation>OpenAI 互換サーバー (llama.cpp のサーバー、vLLM など) が提供するモデルとチャットします。会話の履歴はこのコンピューターに残り、プロンプトと回答はそのサーバーを経由します。</translation>
    </message>
    <message>
        <source>Server URL:</source>
        <translation>サーバー URL:</translation>
    </message>
    <message>
        <source>The server&apos;s address, with or without /v1</source>
        <translation>サーバーのアドレス (/v1 は付けても付けなくても可)</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API キー:</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>省略可</translation>
    </message>
    <message>
        <source>Sent to the server as &quot;Authorization: Bearer&quot;; never stored in the history</source>
        <translation>サーバーに &quot;Authorization: Bearer&quot; として送信されます。履歴には保存されません</translation>
    </message>
    <message>
        <source>Remember the key in the system keychain</source>
        <translation>キーをシステムのキーチェーンに保存</translation>
    </message>
    <message>
        <source>Keep the key in the system keychain (never in Tramontane&apos;s files)</source>
        <translation>キーはシステムのキーチェーンに保管します (Tramontane のファイルには保存しません)</translation>
    </message>
    <message>
        <source>The system keychain is not available, so the key is kept for this session only and never written to disk.%1</source>
        <translation>システムのキーチェーンを使用できないため、キーはこのセッションの間だけ保持され、ディスクには書き込まれません。%1</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>モデル:</translation>
    </message>
    <message>
        <source>The server&apos;s first model</source>
        <translation>サーバーの最初のモデル</translation>
    </message>
    <message>
        <source>Ask the server which models it serves</source>
        <translation>サーバーが提供しているモデルを問い合わせます</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>詳細設定</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>タイムアウト:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>The longest wait for the next part of an answer</source>
        <translation>回答の続きを待つ最長時間</translation>
    </message>
    <message>
        <source>Moderation requests in flight:</source>
        <translation>同時に送るモデレーションリクエスト数:</translation>
    </message>
    <message>
        <source>How many moderation requests are sent to the server at once</source>
        <translation>サーバーに同時に送るモデレーションリクエストの数</translation>
    </message>
    <message>
        <source>Retries:</source>
        <translation>再試行回数:</translation>
    </message>
    <message>
        <source>Retries of a moderation request after a busy server, a server error or a network error</source>
        <translation>サーバーのビジー、サーバーエラー、ネットワークエラーの後にモデレーションリクエストを再試行する回数</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>Models on the server: %1</source>
        <translation>サーバー上のモデル: %1</translation>
    </message>
    <message>
        <source>Prompt format:</source>
        <translation>プロンプト形式:</translation>
    </message>
    <message>
        <source>Server&apos;s chat template (/v1/chat/completions)</source>
        <translation>サーバーのチャットテンプレート (/v1/chat/completions)</translation>
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
        <translation>会話をモデルのプロンプトに変換するのは誰か: モデル自身のチャットテンプレートを使うサーバー、または自身のチャット形式のいずれかをプレーンテキストとして /v1/completions に送る Tramontane (チャットテンプレートなしで提供されるモデル向け、またはローカルエンジンと同じプロンプト)。その場合、サーバーはメッセージ内の &quot;[INST]&quot; や &quot;&lt;|im_start|&gt;&quot; を制御トークンとして読みます。</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::SamplingDialog</name>
    <message>
        <source>Sampling settings</source>
        <translation>サンプリング設定</translation>
    </message>
    <message>
        <source>0 always picks the most likely token</source>
        <translation>0 にすると常に最も確率の高いトークンを選びます</translation>
    </message>
    <message>
        <source>1 turns top-p off</source>
        <translation>1 にすると Top-p がオフになります</translation>
    </message>
    <message>
        <source>off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <source>random</source>
        <translation>ランダム</translation>
    </message>
    <message>
        <source>Stop at the context limit</source>
        <translation>コンテキストの上限で停止</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
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
        <translation>最大トークン数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <source>Stops at the context limit</source>
        <translation>コンテキストの上限で停止します</translation>
    </message>
    <message>
        <source>Sliding window: older tokens leave the window</source>
        <translation>スライディングウィンドウ: 古いトークンはウィンドウから外れます</translation>
    </message>
    <message>
        <source>The model sees only the last %1 tokens; the conversation can go on past the context limit.</source>
        <translation>モデルは直近の %1 トークンだけを参照します。会話はコンテキストの上限を超えて続けられます。</translation>
    </message>
    <message>
        <source>Drops tokens less likely than this fraction of the most likely one; 0 turns it off</source>
        <translation>最も可能性の高いトークンのこの割合より可能性の低いトークンを除外します。0 でオフになります</translation>
    </message>
    <message>
        <source>Above 1, tokens already in the conversation become less likely (fewer loops in small models); 1 turns it off</source>
        <translation>1 より大きいと、会話にすでに出たトークンが選ばれにくくなります（小さなモデルの繰り返しが減ります）。1 でオフになります</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>繰り返しペナルティ</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>System language (%1)</source>
        <translation>システムの言語 (%1)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::StatusPanel</name>
    <message>
        <source>No model loaded</source>
        <translation>モデル未読み込み</translation>
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
        <translation>%1 トークン/秒</translation>
    </message>
    <message>
        <source>Context: %1 used, window %2, limit %3</source>
        <translation>コンテキスト: %1 使用、ウィンドウ %2、上限 %3</translation>
    </message>
    <message>
        <source>Context: %1 of %2</source>
        <translation>コンテキスト: %1 / %2</translation>
    </message>
    <message>
        <source>This model attends to the last %1 tokens (sliding window).</source>
        <translation>このモデルは直近の %1 トークンのみを参照します (スライディングウィンドウ)。</translation>
    </message>
    <message>
        <source>%1 ×%2</source>
        <translation>%1 ×%2</translation>
    </message>
    <message>
        <source>No adapters</source>
        <translation>アダプターなし</translation>
    </message>
    <message>
        <source>Adapters: %1</source>
        <translation>アダプター: %1</translation>
    </message>
    <message>
        <source>Remote server</source>
        <translation>リモートサーバー</translation>
    </message>
    <message>
        <source>Remote: %1</source>
        <translation>リモート: %1</translation>
    </message>
</context>
<context>
    <name>tramontane::gui::WelcomePanel</name>
    <message>
        <source>Hugging Face cache</source>
        <translation>Hugging Face キャッシュ</translation>
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
        <translation>%1 (CUDA、%3 GiB 中 %2 GiB 空き)</translation>
    </message>
    <message>
        <source>no SIMD</source>
        <translation>SIMD なし</translation>
    </message>
    <message>
        <source>CPU (%1 threads, %2)</source>
        <translation>CPU (%1 スレッド、%2)</translation>
    </message>
    <message>
        <source>Open model file</source>
        <translation>モデルファイルを開く</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF モデル (*.gguf);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Open model folder (config.json, *.safetensors, tokenizer.model)</source>
        <translation>モデルフォルダーを開く (config.json、*.safetensors、tokenizer.model)</translation>
    </message>
    <message>
        <source>Welcome to Tramontane</source>
        <translation>Tramontane へようこそ</translation>
    </message>
    <message>
        <source>Tramontane chats with Mistral-family language models on this computer: nothing you type leaves it. Open a model to start: a .gguf file, or a folder with config.json, *.safetensors and the tokenizer (for example Mistral-7B-Instruct).</source>
        <translation>Tramontane は、このコンピューター上で Mistral 系の言語モデルと会話します。入力した内容がこのコンピューターの外に送られることはありません。まずモデルを開いてください: .gguf ファイル、または config.json、*.safetensors、トークナイザーを含むフォルダー (例: Mistral-7B-Instruct)。</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 を読み込み中…</translation>
    </message>
    <message>
        <source>Model: %1 (%2)</source>
        <translation>モデル: %1 (%2)</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>モデルが読み込まれていません。</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>バックエンド: %1</translation>
    </message>
    <message>
        <source>Open a model file…</source>
        <translation>モデルファイルを開く…</translation>
    </message>
    <message>
        <source>Open a model folder…</source>
        <translation>モデルフォルダーを開く…</translation>
    </message>
    <message>
        <source>Open %1 again</source>
        <translation>%1 をもう一度開く</translation>
    </message>
    <message>
        <source>No models were found in the usual folders.</source>
        <translation>通常のフォルダーにモデルは見つかりませんでした。</translation>
    </message>
    <message>
        <source>Models found on this computer (click one to open it):</source>
        <translation>このコンピューターで見つかったモデル (クリックで開きます):</translation>
    </message>
    <message>
        <source>Where models usually are: the Hugging Face cache (~/.cache/huggingface/hub/models--mistralai--*), Ollama (~/.ollama/models), LM Studio (~/.cache/lm-studio/models, ~/.lmstudio/models) and GPT4All (~/.local/share/nomic.ai/GPT4All).</source>
        <translation>モデルの主な保存場所: Hugging Face キャッシュ (~/.cache/huggingface/hub/models--mistralai--*)、Ollama (~/.ollama/models)、LM Studio (~/.cache/lm-studio/models、~/.lmstudio/models)、GPT4All (~/.local/share/nomic.ai/GPT4All)。</translation>
    </message>
</context>
</TS>
